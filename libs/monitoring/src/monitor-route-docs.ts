import { ErrorBody } from '@limited-run/platform';
import { applyDecorators } from '@nestjs/common';
import {
  ApiNotFoundResponse,
  ApiOkResponse,
  ApiOperation,
  ApiParam,
  ApiProduces,
  ApiServiceUnavailableResponse,
  ApiTooManyRequestsResponse,
} from '@nestjs/swagger';
import { MonitorDropDetailResponse } from './dto/monitor-drop.response';

const DROP_PARAM = { name: 'drop', description: "The drop's id", format: 'uuid' };

const STREAM_DESCRIPTION =
  "Server-sent events: `ready`, then `drop` (a drop's changed line counters `{dropId, seq, " +
  'lines}` or state `{dropId, seq, state, at}`, as its own stream sends them) and `anomaly` ' +
  '(`{id, kind, status, collectiveId, dropId, summary, raisedAt}`) frames; comment lines keep ' +
  'it open. One stream for every drop. Gate figures and drift are not streamed: re-read ' +
  '`monitor/drops` for them.';

/**
 * The OpenAPI of `GET …/monitor/drops/:drop`, the same for admins and a collective's staff;
 * `notFound` says what else answers DROP_NOT_FOUND there.
 */
export function MonitorDropDetailDocs(summary: string, notFound: string): MethodDecorator {
  return applyDecorators(
    ApiParam(DROP_PARAM),
    ApiOperation({ summary }),
    ApiOkResponse({ type: MonitorDropDetailResponse }),
    ApiNotFoundResponse({ type: ErrorBody, description: `DROP_NOT_FOUND (${notFound})` }),
  );
}

/** The OpenAPI of `GET …/monitor/events`, the same for admins and a collective's staff. */
export function MonitorStreamDocs(summary: string): MethodDecorator {
  return applyDecorators(
    ApiProduces('text/event-stream'),
    ApiOperation({ summary, description: STREAM_DESCRIPTION }),
    ApiOkResponse({ description: 'An endless `text/event-stream`.' }),
    ApiTooManyRequestsResponse({ type: ErrorBody, description: 'TOO_MANY_STREAMS' }),
    ApiServiceUnavailableResponse({ type: ErrorBody, description: 'MONITOR_CLIENTS_FULL' }),
  );
}
