import {
  ListCollectiveAnomaliesQuery,
  AnomaliesService,
  AnomalyPageResponse,
} from '@limited-run/anomalies';
import { type CollectiveRef, CollectiveRole, CurrentCollective } from '@limited-run/collectives';
import { CanonicalUuidPipe } from '@limited-run/platform';
import { Controller, Get, Param, Query, Res } from '@nestjs/common';
import { ApiOkResponse, ApiOperation, ApiTags } from '@nestjs/swagger';
import type { FastifyReply } from 'fastify';
import { DropMonitor } from './drop-monitor';
import { MonitorDropQuery } from './dto/monitor-drop.query';
import { MonitorDropDetailResponse, MonitorDropsResponse } from './dto/monitor-drop.response';
import { PaymentPipelineResponse } from './dto/payment-pipeline.response';
import { MonitorDropDetailDocs, MonitorStreamDocs } from './monitor-route-docs';
import { MonitorStream } from './monitor-stream';
import { PaymentPipeline } from './payment-pipeline';

/** The same monitor, scoped to one collective's drops, for its staff and owners (and admins). */
@ApiTags('collective monitor')
@Controller('collectives/:collective/monitor')
@CollectiveRole('staff')
export class CollectiveMonitorController {
  constructor(
    private readonly drops: DropMonitor,
    private readonly payments: PaymentPipeline,
    private readonly anomalies: AnomaliesService,
    private readonly stream: MonitorStream,
  ) {}

  @Get('drops')
  @ApiOperation({ summary: "The collective's scheduled, live and sold-out drops with figures." })
  @ApiOkResponse({ type: MonitorDropsResponse })
  async list(@CurrentCollective() collective: CollectiveRef): Promise<MonitorDropsResponse> {
    return MonitorDropsResponse.from(await this.drops.list(collective.id));
  }

  @Get('drops/:drop')
  @MonitorDropDetailDocs(
    "One of the collective's drops, live: the drop's live view data.",
    'also another collective’s',
  )
  async detail(
    @CurrentCollective() collective: CollectiveRef,
    @Param('drop', CanonicalUuidPipe) dropId: string,
    @Query() query: MonitorDropQuery,
  ): Promise<MonitorDropDetailResponse> {
    return MonitorDropDetailResponse.fromDetail(
      await this.drops.detail(dropId, {
        collectiveId: collective.id,
        expiringWithinSeconds: query.expiringWithinSeconds ?? 300,
      }),
    );
  }

  @Get('payments')
  @ApiOperation({ summary: "The collective's orders awaiting payment, refunds and disputes." })
  @ApiOkResponse({ type: PaymentPipelineResponse })
  async paymentFigures(
    @CurrentCollective() collective: CollectiveRef,
  ): Promise<PaymentPipelineResponse> {
    return PaymentPipelineResponse.from(await this.payments.figures(collective.id));
  }

  @Get('anomalies')
  @ApiOperation({ summary: "Anomalies of the collective's drops and orders (read only)." })
  @ApiOkResponse({ type: AnomalyPageResponse })
  async anomalyList(
    @CurrentCollective() collective: CollectiveRef,
    @Query() query: ListCollectiveAnomaliesQuery,
  ): Promise<AnomalyPageResponse> {
    return AnomalyPageResponse.from(
      await this.anomalies.list({ ...query, collectiveId: collective.id }),
    );
  }

  @Get('events')
  @MonitorStreamDocs("Live stream of the collective's drops and anomalies.")
  async events(
    @CurrentCollective() collective: CollectiveRef,
    @Res() reply: FastifyReply,
  ): Promise<void> {
    await this.stream.open(collective.id, reply);
  }
}
