// The few HTTP chores every part of the stand-in's server shares: reading a request, answering
// JSON as Stripe does (with its API version) or an HTML page.
import type { IncomingMessage, ServerResponse } from 'node:http';

const JSON_TYPE = 'application/json; charset=utf-8';

export function sendJson(res: ServerResponse, status: number, body: unknown): void {
  res.writeHead(status, { 'content-type': JSON_TYPE, 'stripe-version': '2026-10-28.endive' });
  res.end(JSON.stringify(body));
}

export function sendHtml(res: ServerResponse, status: number, body: string): void {
  res.writeHead(status, { 'content-type': 'text/html; charset=utf-8' });
  res.end(body);
}

export function header(req: IncomingMessage, name: string): string | null {
  const value = req.headers[name];
  return typeof value === 'string' ? value : null;
}

export function bearer(req: IncomingMessage): string | null {
  const value = header(req, 'authorization');
  return value?.startsWith('Bearer ') ? value.slice('Bearer '.length) : null;
}

export async function readBody(req: IncomingMessage): Promise<string> {
  const chunks: Buffer[] = [];
  for await (const chunk of req) chunks.push(chunk as Buffer);
  return Buffer.concat(chunks).toString('utf8');
}
