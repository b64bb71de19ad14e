/** Queue contract shared by producers (any library) and the worker's processor. */
export const NOTIFICATIONS_QUEUE = 'notifications';

export const NotificationJob = {
  /** Deliver one outbox row. */
  Deliver: 'deliver',
  /** Re-enqueue outbox rows whose delivery job was lost (crash between commit and enqueue). */
  Sweep: 'sweep',
} as const;

export interface DeliverNotificationJob {
  notificationId: string;
}
