// The events Stripe would send, recorded in the order they happened and handed, as each is
// recorded, to whoever listens (background delivery, the chaos runner's postman).
import { STRIPE_API_VERSION } from '../stripe/stripe-client-options';
import { copy, type Json, missing, nowSeconds, stripeId } from './stand-in-basics';

export interface StoreListener {
  (event: Json): void;
}

export class EventLog {
  readonly events = new Map<string, Json>();
  private readonly eventOrder: string[] = [];
  private readonly listeners: StoreListener[] = [];

  onEvent(listener: StoreListener): void {
    this.listeners.push(listener);
  }

  emit(type: string, object: Json): Json {
    const event: Json = {
      id: stripeId('evt'),
      object: 'event',
      api_version: STRIPE_API_VERSION,
      created: nowSeconds(),
      data: { object: copy(object) },
      livemode: false,
      pending_webhooks: 1,
      request: { id: null, idempotency_key: null },
      type,
    };
    this.events.set(event.id as string, event);
    this.eventOrder.push(event.id as string);
    for (const listener of this.listeners) listener(copy(event));
    return copy(event);
  }

  retrieve(id: string): Json {
    return copy(this.events.get(id) ?? missing('event', id));
  }

  list(limit: number, type?: string): Json {
    const data = [...this.eventOrder]
      .reverse()
      .map((id) => this.events.get(id) as Json)
      .filter((event) => !type || event.type === type)
      .slice(0, limit);
    return { object: 'list', url: '/v1/events', has_more: false, data: copy(data) };
  }
}
