import type { ExecutionContext } from '@nestjs/common';

type Handler = (...args: never[]) => unknown;
type ControllerClass = abstract new (...args: never[]) => unknown;

/**
 * Reads something a route's decorators say (its metadata) once per route instead of once per
 * request: a guard's `Reflector` reads walk reflect-metadata's maps, and on a drop's opening
 * every guard runs for every request (docs/benchmarks.md, "Declines at the ceiling").
 * Decorators are fixed once the app has booted, so the first read is the answer.
 */
export function perRoute<T>(
  read: (context: ExecutionContext) => T,
): (context: ExecutionContext) => T {
  const byClass = new WeakMap<ControllerClass, WeakMap<Handler, { value: T }>>();
  return (context) => {
    const controller = context.getClass() as ControllerClass;
    const handler = context.getHandler() as Handler;
    let byHandler = byClass.get(controller);
    if (!byHandler) {
      byHandler = new WeakMap();
      byClass.set(controller, byHandler);
    }
    let known = byHandler.get(handler);
    if (!known) {
      known = { value: read(context) };
      byHandler.set(handler, known);
    }
    return known.value;
  };
}
