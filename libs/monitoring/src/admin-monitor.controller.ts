import { Roles } from '@limited-run/identity';
import { CanonicalUuidPipe } from '@limited-run/platform';
import { Controller, Get, Param, Query, Res } from '@nestjs/common';
import { ApiOkResponse, ApiOperation, ApiTags } from '@nestjs/swagger';
import type { FastifyReply } from 'fastify';
import { DropMonitor } from './drop-monitor';
import { MonitorDropQuery } from './dto/monitor-drop.query';
import { MonitorDropDetailResponse, MonitorDropsResponse } from './dto/monitor-drop.response';
import { PaymentPipelineResponse } from './dto/payment-pipeline.response';
import { QueuesMonitorResponse } from './dto/queues-monitor.response';
import { MonitorDropDetailDocs, MonitorStreamDocs } from './monitor-route-docs';
import { MonitorStream } from './monitor-stream';
import { PaymentPipeline } from './payment-pipeline';
import { QueueMonitor } from './queue-monitor';

/** The platform's live inventory monitor, for admins. */
@ApiTags('admin monitor')
@Controller('admin/monitor')
@Roles('admin')
export class AdminMonitorController {
  constructor(
    private readonly drops: DropMonitor,
    private readonly payments: PaymentPipeline,
    private readonly queues: QueueMonitor,
    private readonly stream: MonitorStream,
  ) {}

  @Get('drops')
  @ApiOperation({
    summary: 'Every scheduled, live and sold-out drop with per-line figures and gate drift.',
  })
  @ApiOkResponse({ type: MonitorDropsResponse })
  async list(): Promise<MonitorDropsResponse> {
    return MonitorDropsResponse.from(await this.drops.list());
  }

  @Get('drops/:drop')
  @MonitorDropDetailDocs(
    'One drop: lines, expiring holds, waiting room, raffle odds, per-second sales.',
    'also for drafts',
  )
  async detail(
    @Param('drop', CanonicalUuidPipe) dropId: string,
    @Query() query: MonitorDropQuery,
  ): Promise<MonitorDropDetailResponse> {
    return MonitorDropDetailResponse.fromDetail(
      await this.drops.detail(dropId, {
        expiringWithinSeconds: query.expiringWithinSeconds ?? 300,
      }),
    );
  }

  @Get('payments')
  @ApiOperation({ summary: 'The payment pipeline: webhook inbox, lag, orders needing attention.' })
  @ApiOkResponse({ type: PaymentPipelineResponse })
  async paymentFigures(): Promise<PaymentPipelineResponse> {
    return PaymentPipelineResponse.from(await this.payments.figures());
  }

  @Get('queues')
  @ApiOperation({ summary: 'Queue depths and failed jobs per queue, and the mail outbox.' })
  @ApiOkResponse({ type: QueuesMonitorResponse })
  async queueFigures(): Promise<QueuesMonitorResponse> {
    const [queues, mail] = await Promise.all([this.queues.queues(), this.queues.mail()]);
    return QueuesMonitorResponse.from(queues, mail);
  }

  @Get('events')
  @MonitorStreamDocs('Live stream of every drop’s changes and of anomalies (admins).')
  async events(@Res() reply: FastifyReply): Promise<void> {
    await this.stream.open(null, reply);
  }
}
