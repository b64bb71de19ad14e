// A real SMTP server on loopback that keeps every message it receives: tests point SMTP_URL at
// it and assert on what the platform actually sent through nodemailer.
import type { AddressInfo } from 'node:net';
import { SMTPServer } from 'smtp-server';

export interface CaughtMail {
  from: string;
  to: string[];
  subject: string;
  text: string;
  raw: string;
}

export interface SmtpCatcher {
  url: string;
  messages: CaughtMail[];
  /** Messages to `address`, oldest first. */
  to(address: string): CaughtMail[];
  /** From now on, refuses mail to `address` (550), as a real server refuses an unknown mailbox. */
  reject(address: string): void;
  stop(): Promise<void>;
}

/** Headers and body of a plain-text message as nodemailer writes it (7bit or quoted-printable). */
function parse(raw: string): { subject: string; text: string } {
  const split = raw.indexOf('\r\n\r\n');
  const head = raw.slice(0, split).replace(/\r\n[ \t]+/g, ' ');
  let body = raw.slice(split + 4);
  const subject = /^Subject: (.*)$/im.exec(head)?.[1] ?? '';
  if (/^Content-Transfer-Encoding: quoted-printable$/im.test(head)) {
    const bytes = body
      .replace(/=\r\n/g, '')
      .replace(/=([0-9A-F]{2})/g, (_m, hex: string) => String.fromCharCode(parseInt(hex, 16)));
    body = Buffer.from(bytes, 'latin1').toString('utf8');
  }
  // RFC 2047: whitespace between two encoded words is not part of the text.
  const decodedSubject = subject
    .replace(/\?=\s+=\?/g, '?==?')
    .replace(/=\?utf-8\?Q\?([^?]*)\?=/gi, (_m, text: string) =>
      Buffer.from(
        text
          .replace(/_/g, ' ')
          .replace(/=([0-9A-F]{2})/gi, (_n, hex: string) => String.fromCharCode(parseInt(hex, 16))),
        'latin1',
      ).toString('utf8'),
    );
  return { subject: decodedSubject, text: body.replace(/\r\n/g, '\n') };
}

/** Listens on `port` (0: any free port) of 127.0.0.1. */
export async function startSmtpCatcher(port = 0): Promise<SmtpCatcher> {
  const messages: CaughtMail[] = [];
  const rejected = new Set<string>();
  const server = new SMTPServer({
    onRcptTo(address, _session, callback) {
      if (!rejected.has(address.address.toLowerCase())) return callback();
      const refusal = Object.assign(new Error('mailbox unavailable'), { responseCode: 550 });
      return callback(refusal);
    },
    // Plain SMTP on loopback: no certificate to trust, no account to create.
    disabledCommands: ['STARTTLS', 'AUTH'],
    authOptional: true,
    logger: false,
    // Tests stop it between files; a lingering client must not hold that up.
    closeTimeout: 500,
    onData(stream, session, callback) {
      const chunks: Buffer[] = [];
      stream.on('data', (chunk: Buffer) => chunks.push(chunk));
      stream.on('end', () => {
        const raw = Buffer.concat(chunks).toString('latin1');
        const from = session.envelope.mailFrom ? session.envelope.mailFrom.address : '';
        messages.push({
          from,
          to: session.envelope.rcptTo.map((r) => r.address),
          ...parse(raw),
          raw,
        });
        callback();
      });
    },
  });
  // smtp-server reports a client's socket errors on the server: a sender killed mid-conversation
  // (the chaos suite's `kill -9` of a worker) resets its connection, and an unheard 'error'
  // would end the whole test process (it ended a chaos runner after seed 14, read ECONNRESET).
  server.on('error', () => undefined);
  await new Promise<void>((resolve) => server.listen(port, '127.0.0.1', () => resolve()));
  const bound = (server.server.address() as AddressInfo).port;
  return {
    url: `smtp://127.0.0.1:${bound}`,
    messages,
    to: (address) => messages.filter((m) => m.to.includes(address)),
    reject: (address) => rejected.add(address.toLowerCase()),
    stop: () => new Promise<void>((resolve) => server.close(() => resolve())),
  };
}
