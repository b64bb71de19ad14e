import { Roles } from '@limited-run/identity';
import { CanonicalUuidPipe, ErrorBody } from '@limited-run/platform';
import { Controller, Get, Param, Query, Res } from '@nestjs/common';
import {
  ApiNotFoundResponse,
  ApiOkResponse,
  ApiOperation,
  ApiParam,
  ApiProduces,
  ApiServiceUnavailableResponse,
  ApiTags,
  ApiTooManyRequestsResponse,
} from '@nestjs/swagger';
import type { FastifyReply } from 'fastify';
import { DropMonitor } from './drop-monitor';
import { MonitorDropQuery } from './dto/monitor-drop.query';
import { MonitorDropDetailResponse, MonitorDropsResponse } from './dto/monitor-drop.response';
import { PaymentPipelineResponse } from './dto/payment-pipeline.response';
import { QueuesMonitorResponse } from './dto/queues-monitor.response';
import { MonitorStream } from './monitor-stream';
import { PaymentPipeline } from './payment-pipeline';
import { QueueMonitor } from './queue-monitor';

export const DROP_PARAM = { name: 'drop', description: "The drop's id", format: 'uuid' };
export const STREAM_DESCRIPTION =
  "Server-sent events: `ready`, then `drop` (a drop's changed line counters `{dropId, seq, " +
  'lines}` or state `{dropId, seq, state, at}`, as its own stream sends them) and `anomaly` ' +
  '(`{id, kind, status, collectiveId, dropId, summary, raisedAt}`) frames; comment lines keep ' +
  'it open. One stream for every drop. Gate figures and drift are not streamed: re-read ' +
  '`monitor/drops` for them.';

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
  @ApiParam(DROP_PARAM)
  @ApiOperation({
    summary: 'One drop: lines, expiring holds, waiting room, raffle odds, per-second sales.',
  })
  @ApiOkResponse({ type: MonitorDropDetailResponse })
  @ApiNotFoundResponse({ type: ErrorBody, description: 'DROP_NOT_FOUND (also for drafts)' })
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
  @ApiProduces('text/event-stream')
  @ApiOperation({
    summary: 'Live stream of every drop’s changes and of anomalies (admins).',
    description: STREAM_DESCRIPTION,
  })
  @ApiOkResponse({ description: 'An endless `text/event-stream`.' })
  @ApiTooManyRequestsResponse({ type: ErrorBody, description: 'TOO_MANY_STREAMS' })
  @ApiServiceUnavailableResponse({ type: ErrorBody, description: 'MONITOR_CLIENTS_FULL' })
  async events(@Res() reply: FastifyReply): Promise<void> {
    await this.stream.open(null, reply);
  }
}
