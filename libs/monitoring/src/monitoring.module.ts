import { AnomaliesModule } from '@limited-run/anomalies';
import { CollectivesModule } from '@limited-run/collectives';
import { IdentityModule } from '@limited-run/identity';
import { InventoryModule } from '@limited-run/inventory';
import { DynamicModule, Module } from '@nestjs/common';
import { AdminMonitorController } from './admin-monitor.controller';
import { AnomalyWatch } from './anomaly-watch';
import { CollectiveMonitorController } from './collective-monitor.controller';
import { DriftTracker } from './drift-tracker';
import { DropMonitor } from './drop-monitor';
import { MonitorStream } from './monitor-stream';
import { PaymentPipeline } from './payment-pipeline';
import { QueueDashboard } from './queue-dashboard';
import { QueueDashboardController } from './queue-dashboard.controller';
import { MONITORED_QUEUES, QueueMonitor } from './queue-monitor';

/**
 * The platform monitor: figures of drops, payments and queues, the live monitor stream, and
 * the anomaly watch. Sits on top of the domain libraries and reads them; writes only anomalies.
 */
@Module({})
export class MonitoringModule {
  /**
   * The API: the monitor routes, the queue dashboard (Bull Board) and the anomaly watch.
   * `queues`: every queue to show.
   */
  static forApi(queues: readonly string[]): DynamicModule {
    return {
      module: MonitoringModule,
      imports: [AnomaliesModule, CollectivesModule, IdentityModule, InventoryModule],
      controllers: [AdminMonitorController, CollectiveMonitorController, QueueDashboardController],
      providers: [
        { provide: MONITORED_QUEUES, useValue: queues },
        DropMonitor,
        DriftTracker,
        PaymentPipeline,
        QueueMonitor,
        MonitorStream,
        AnomalyWatch,
        QueueDashboard,
      ],
      exports: [MonitorStream, QueueMonitor],
    };
  }

  /** The worker: the anomaly watch only (it also runs in the API; one process per pass). */
  static forWorker(queues: readonly string[]): DynamicModule {
    return {
      module: MonitoringModule,
      imports: [AnomaliesModule],
      providers: [{ provide: MONITORED_QUEUES, useValue: queues }, QueueMonitor, AnomalyWatch],
      exports: [QueueMonitor],
    };
  }
}
