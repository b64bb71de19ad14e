export interface RenderedMessage {
  subject: string;
  text: string;
}

type Renderer = (payload: Record<string, unknown>) => RenderedMessage;

const str = (value: unknown): string => (typeof value === 'string' ? value : '');

const num = (value: unknown): number => (typeof value === 'number' ? value : 0);

/** Integer minor units as money: 2800 EUR → €28.00, 5000 JPY → ¥5,000. */
export function formatMoney(minor: number, currency: string): string {
  try {
    const format = new Intl.NumberFormat('en-GB', { style: 'currency', currency });
    const digits = format.resolvedOptions().maximumFractionDigits ?? 2;
    return format.format(minor / 10 ** digits);
  } catch {
    return `${minor} ${currency} (minor units)`;
  }
}

/** "Afterhours LP (Clear red, 180 g) × 2" */
const orderLine = (payload: Record<string, unknown>): string =>
  `${str(payload.itemTitle)} (${str(payload.variantLabel)})` +
  (num(payload.quantity) > 1 ? ` × ${num(payload.quantity)}` : '');

/** What the fan paid: the total with shipping and tax where the order has one, else the goods. */
const paid = (payload: Record<string, unknown>): string =>
  formatMoney(
    num(typeof payload.totalMinor === 'number' ? payload.totalMinor : payload.amountMinor),
    str(payload.currency),
  );

const REFUND_REASONS: Record<string, string> = {
  units_gone:
    'Your payment reached us after your hold had ended, and by then every unit had been sold. ' +
    'We never sell what we do not have, so we have refunded you in full.',
  collective: 'The collective refunded your order in full.',
  drop_cancelled:
    'Your payment reached us after the collective had cancelled the drop, so nothing could be ' +
    'sold to you. We have refunded you in full.',
  provider: 'Your payment was refunded in full.',
  payment_mismatch:
    'The payment we received did not match your order, so it could not complete it. ' +
    'We have refunded that payment in full; your order was not placed.',
};

const counted = (n: string, one: string, many: string): string => `${n} ${n === '1' ? one : many}`;

/** How many units the fan's variant had and how many wins were actually given for it. */
function inLineWinners(payload: Record<string, unknown>): string {
  const units = str(payload.units);
  const winners = str(payload.winners);
  // Mail written before the per-variant counts carried only the units.
  if (!winners) return `The ${units} units went to the entries drawn first. `;
  return (
    `The variant you chose has ${counted(units, 'unit', 'units')}; ` +
    `${counted(winners, 'unit went', 'units went')} to the entries drawn before yours. `
  );
}

const TEMPLATES = {
  welcome: (payload) => ({
    subject: 'Welcome to Limited Run',
    text:
      `Hi ${str(payload.displayName) || 'there'},\n\n` +
      'your account is ready. Follow the collectives you love and we will tell you the moment their next drop opens.\n',
  }),
  'collective-invite': (payload) => ({
    subject: `You are invited to join ${str(payload.collectiveName) || 'a collective'} on Limited Run`,
    text:
      `Hi,\n\n${str(payload.invitedByName) || 'An owner'} invited you to join ` +
      `${str(payload.collectiveName) || 'their collective'} as ${str(payload.role) || 'staff'}.\n\n` +
      (str(payload.link)
        ? `Open this link, sign in (or sign up) with this email address and accept:\n\n` +
          `${str(payload.link)}\n\n`
        : // Mail queued before invites carried a link has only the token.
          `Sign in (or sign up) with this email address and accept with this token:\n\n` +
          `${str(payload.token)}\n\n`) +
      `The invite expires at ${str(payload.expiresAt)} and works once.\n`,
  }),
  'password-reset': (payload) => ({
    subject: 'Reset your Limited Run password',
    text:
      `Hi ${str(payload.displayName) || 'there'},\n\n` +
      'someone (we hope you) asked to reset the password of your Limited Run account. ' +
      'Choose a new one here:\n\n' +
      `${str(payload.link)}\n\n` +
      `The link works once and expires at ${str(payload.expiresAt)}. Using it signs you out ` +
      'everywhere. If you did not ask for it, ignore this message: your password stays as it is.\n',
  }),
  'waitlist-open': (payload) => ({
    subject: `${str(payload.dropName) || 'A drop you are waiting for'} is open${payload.earlyAccess === true ? ' to its waitlist' : ''}`,
    text:
      `Hi,\n\n${str(payload.dropName) || 'The drop'} is open` +
      (payload.earlyAccess === true
        ? ` early, to fans on its waitlist like you, until ${str(payload.publicSaleAt)}.\n`
        : '.\n') +
      `Hold your unit now: /drops/${str(payload.dropId)}\n`,
  }),
  'raffle-won': (payload) => ({
    subject: `You won the raffle for ${str(payload.dropName) || 'a drop'}`,
    text:
      `Hi,\n\nyour entry ${str(payload.entryId)} was drawn #${str(payload.rank)}: a unit is held for you.\n` +
      `Pay before ${str(payload.claimBy)}, or it passes to the next entry in line.\n\n` +
      `Check the draw yourself: /drops/${str(payload.dropId)}/fairness\n`,
  }),
  'raffle-in-line': (payload) => ({
    subject: `Raffle result for ${str(payload.dropName) || 'a drop'}: you are #${str(payload.rank)} in line`,
    text:
      `Hi,\n\nyour entry ${str(payload.entryId)} was drawn #${str(payload.rank)}. ` +
      inLineWinners(payload) +
      `If a winner does not pay in time, the unit passes to the next entry in line for it and ` +
      `we will write to you.\n\n` +
      `Check the draw yourself: /drops/${str(payload.dropId)}/fairness\n`,
  }),
  'second-chance-offer': (payload) => ({
    subject: `A unit of ${str(payload.dropName) || 'a drop'} came back for you`,
    text:
      `Hi,\n\na unit that was not paid for came back, and you are next in line: it is held for you.\n` +
      `Pay before ${str(payload.claimBy)}, or it passes to the next fan.\n`,
  }),
  'drop-cancelled': (payload) => {
    const what: Record<string, string> = {
      hold: 'The unit held for you was released; if you had started paying, that checkout is closed and any payment that still reaches us is refunded in full.',
      raffle: 'Your raffle entry is closed: there will be no draw, or no further pass-down.',
      waitlist: 'Your place on the waitlist is closed.',
    };
    const roles = Array.isArray(payload.roles) ? payload.roles.map(str) : [];
    return {
      subject: `${str(payload.dropName) || 'A drop'} was cancelled`,
      text:
        `Hi,\n\nthe collective cancelled ${str(payload.dropName) || 'the drop'}.\n` +
        roles
          .map((role) => what[role])
          .filter(Boolean)
          .map((line) => `\n${line}\n`)
          .join('') +
        `\nYou will not be charged for it. Orders you had already paid for stay valid.\n`,
    };
  },
  'order-confirmation': (payload) => {
    const serials = Array.isArray(payload.serials) ? payload.serials.map(str).filter(Boolean) : [];
    const currency = str(payload.currency);
    const money = (key: string) => formatMoney(num(payload[key]), currency);
    const shipped = typeof payload.shippingMinor === 'number';
    return {
      subject: `Order confirmed: ${str(payload.itemTitle) || 'your Limited Run order'}`,
      text:
        `Hi ${str(payload.displayName) || 'there'},\n\n` +
        `thank you: your payment went through and this is yours.\n\n` +
        `  ${orderLine(payload)}\n` +
        `  ${str(payload.dropName)}\n` +
        (shipped
          ? `  Items: ${money('amountMinor')}\n` +
            `  Shipping${str(payload.shippingRateName) ? ` (${str(payload.shippingRateName)})` : ''}: ${money('shippingMinor')}\n` +
            (typeof payload.taxMinor === 'number' ? `  Tax: ${money('taxMinor')}\n` : '')
          : '') +
        `  Paid: ${paid(payload)}\n` +
        (serials.length > 0
          ? `  Edition number${serials.length > 1 ? 's' : ''}: ${serials.join(', ')}\n`
          : '') +
        (str(payload.shipTo) ? `  Ships to: ${str(payload.shipTo)}\n` : '') +
        `\nOrder ${str(payload.orderId)}.\n` +
        (str(payload.orderUrl) ? `Follow your order: ${str(payload.orderUrl)}\n` : ''),
    };
  },
  'order-refunded': (payload) => ({
    subject: `Refund: ${str(payload.itemTitle) || 'your Limited Run order'}`,
    text:
      `Hi ${str(payload.displayName) || 'there'},\n\n` +
      `${REFUND_REASONS[str(payload.reason)] ?? REFUND_REASONS.provider}\n\n` +
      `  ${orderLine(payload)}\n` +
      `  ${str(payload.dropName)}\n` +
      `  Refunded: ${paid(payload)}\n\n` +
      `Your bank usually shows the refund within 5–10 business days. Order ${str(payload.orderId)}.\n`,
  }),
  'order-shipped': (payload) => ({
    subject: `Shipped: ${str(payload.itemTitle) || 'your Limited Run order'}`,
    text:
      `Hi ${str(payload.displayName) || 'there'},\n\n` +
      `Your order is on its way.\n\n` +
      `  ${orderLine(payload)}\n` +
      `  ${str(payload.dropName)}\n` +
      `  Carrier: ${str(payload.carrier) || 'see tracking'}\n` +
      `  Tracking number: ${str(payload.trackingNumber)}\n` +
      (str(payload.trackingUrl) ? `  Track it: ${str(payload.trackingUrl)}\n` : '') +
      `\nOrder ${str(payload.orderId)}.\n` +
      (str(payload.orderUrl) ? `Your order, with its tracking: ${str(payload.orderUrl)}\n` : ''),
  }),
  'anomaly-alert': (payload) => {
    const listed = Array.isArray(payload.anomalies)
      ? payload.anomalies.filter(
          (a): a is Record<string, unknown> => typeof a === 'object' && a !== null,
        )
      : [];
    const more = num(payload.more);
    return {
      subject: `Limited Run: ${listed.length + more} new anomal${listed.length + more === 1 ? 'y' : 'ies'}`,
      text:
        'New anomalies need an admin (each is alerted once; see the anomaly list in the monitor):\n\n' +
        listed
          .map((a) => `  [${str(a.kind)}] ${str(a.summary)} (anomaly ${str(a.id)})\n`)
          .join('') +
        (more > 0 ? `  … and ${more} more in the same pass.\n` : '') +
        `\n${str(payload.monitorUrl)}\n`,
    };
  },
} satisfies Record<string, Renderer>;

export type TemplateName = keyof typeof TEMPLATES;

export function isTemplateName(name: string): name is TemplateName {
  return Object.prototype.hasOwnProperty.call(TEMPLATES, name);
}

export function renderTemplate(
  name: TemplateName,
  payload: Record<string, unknown>,
): RenderedMessage {
  return TEMPLATES[name](payload);
}

/** Payload keys that are secrets: needed to render the message, never kept after it is final. */
const SECRET_PAYLOAD_KEYS: Partial<Record<TemplateName, readonly string[]>> = {
  'collective-invite': ['token', 'link'],
  'password-reset': ['link'],
};

export function withoutSecrets(
  name: TemplateName,
  payload: Record<string, unknown>,
): Record<string, unknown> {
  const secrets = SECRET_PAYLOAD_KEYS[name] ?? [];
  return Object.fromEntries(Object.entries(payload).filter(([key]) => !secrets.includes(key)));
}
