export interface RenderedMessage {
  subject: string;
  text: string;
}

type Renderer = (payload: Record<string, unknown>) => RenderedMessage;

const str = (value: unknown): string => (typeof value === 'string' ? value : '');

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
      `Sign in (or sign up) with this email address and accept with this token:\n\n` +
      `${str(payload.token)}\n\n` +
      `The invite expires at ${str(payload.expiresAt)} and works once.\n`,
  }),
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
  'collective-invite': ['token'],
};

export function withoutSecrets(
  name: TemplateName,
  payload: Record<string, unknown>,
): Record<string, unknown> {
  const secrets = SECRET_PAYLOAD_KEYS[name] ?? [];
  return Object.fromEntries(Object.entries(payload).filter(([key]) => !secrets.includes(key)));
}
