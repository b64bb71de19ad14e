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
