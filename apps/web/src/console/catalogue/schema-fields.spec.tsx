// The console's forms generated from a kind's attribute JSON Schema (GET /item-kinds), rendered
// by React into jsdom: each schema construct becomes the right control, the browser's own
// constraint validation follows the schema, the values go to the API typed as the schema says,
// and a kind the console has never heard of renders without a console change.
import { afterEach, beforeAll, describe, expect, it } from '@jest/globals';
import { act, useState } from 'react';
import { createRoot, type Root } from 'react-dom/client';
import {
  attributesFrom,
  type FieldValues,
  fieldsOf,
  initialValues,
  SchemaFields,
  type SchemaField,
} from './schema-fields';

/** What the API serves for a kind's attributes (class-validator-jsonschema's output shape). */
const EVERY_CONSTRUCT = {
  type: 'object',
  additionalProperties: false,
  properties: {
    catalogueNumber: { type: 'string', minLength: 2, maxLength: 12, pattern: '^[A-Z]+-\\d+$' },
    colourway: { type: 'string', maxLength: 40 },
    format: { type: 'string', enum: ['LP', 'EP', '7"'] },
    rpm: { type: 'number', enum: [33, 45] },
    weightGrams: { type: 'integer', minimum: 100, maximum: 250 },
    lengthMinutes: { type: 'number', minimum: 1 },
    gatefold: { type: 'boolean' },
  },
  required: ['catalogueNumber', 'format', 'rpm', 'weightGrams'],
};

let container: HTMLDivElement;
let root: Root;
let latest: FieldValues = {};

beforeAll(() => {
  // React's act() warns unless it knows it runs in a test.
  (globalThis as { IS_REACT_ACT_ENVIRONMENT?: boolean }).IS_REACT_ACT_ENVIRONMENT = true;
});

afterEach(() => {
  act(() => root.unmount());
  container.remove();
});

/** The fieldset as the item and variant forms use it: controlled, inside a form. */
function Harness({ fields, existing }: { fields: SchemaField[]; existing?: unknown }) {
  const [values, setValues] = useState(() => initialValues(fields, existing));
  latest = values;
  return (
    <form aria-label="Attributes under test">
      <SchemaFields legend="Attributes" fields={fields} values={values} onChange={setValues} />
    </form>
  );
}

function render(schema: unknown, existing?: unknown): { form: HTMLFormElement } {
  container = document.createElement('div');
  document.body.append(container);
  root = createRoot(container);
  const fields = fieldsOf(schema);
  act(() => root.render(<Harness fields={fields} existing={existing} />));
  return { form: container.querySelector('form') as HTMLFormElement };
}

/** The control labelled `label` (labels come from the attribute names). */
function control<T extends HTMLElement>(label: string): T {
  const element = [...container.querySelectorAll('label')].find(
    (l) => l.textContent?.trim() === label,
  );
  if (!element) throw new Error(`no control labelled ${label}`);
  const target = element.htmlFor
    ? document.getElementById(element.htmlFor)
    : element.querySelector('input');
  return target as T;
}

/** Types into an input or picks an option the way a person does (React sees the event). */
function enter(element: HTMLInputElement | HTMLSelectElement, value: string): void {
  const prototype = Object.getPrototypeOf(element) as object;
  const setter = Object.getOwnPropertyDescriptor(prototype, 'value')?.set;
  act(() => {
    setter?.call(element, value);
    element.dispatchEvent(
      new Event(element instanceof HTMLSelectElement ? 'change' : 'input', {
        bubbles: true,
      }),
    );
  });
}

function hintOf(element: HTMLElement): string | undefined {
  const id = element.getAttribute('aria-describedby');
  return id ? (document.getElementById(id)?.textContent ?? undefined) : undefined;
}

describe('forms generated from an attribute schema', () => {
  it('renders each schema construct as its control, with the constraints of the schema', () => {
    render(EVERY_CONSTRUCT);
    expect(container.querySelector('legend')?.textContent).toBe('Attributes');

    const catalogue = control<HTMLInputElement>('Catalogue number');
    expect(catalogue.type).toBe('text');
    expect(catalogue.required).toBe(true);
    expect(catalogue.minLength).toBe(2);
    expect(catalogue.maxLength).toBe(12);
    expect(catalogue.pattern).toBe('^[A-Z]+-\\d+$');
    expect(hintOf(catalogue)).toBe('2 to 12 characters');

    const colourway = control<HTMLInputElement>('Colourway');
    expect(colourway.type).toBe('text');
    expect(colourway.required).toBe(false);
    expect(hintOf(colourway)).toBe('up to 40 characters; optional');

    const format = control<HTMLSelectElement>('Format');
    expect(format.tagName).toBe('SELECT');
    expect(format.required).toBe(true);
    expect([...format.options].map((o) => [o.value, o.textContent])).toEqual([
      ['', 'Choose…'],
      ['LP', 'LP'],
      ['EP', 'EP'],
      ['7"', '7"'],
    ]);

    const rpm = control<HTMLSelectElement>('Rpm');
    expect(rpm.tagName).toBe('SELECT');
    expect([...rpm.options].map((o) => o.value)).toEqual(['', '33', '45']);

    const weight = control<HTMLInputElement>('Weight grams');
    expect(weight.type).toBe('number');
    expect(weight.step).toBe('1');
    expect(weight.inputMode).toBe('numeric');
    expect([weight.min, weight.max]).toEqual(['100', '250']);
    expect(weight.required).toBe(true);
    expect(hintOf(weight)).toBe('100 to 250');

    const length = control<HTMLInputElement>('Length minutes');
    expect(length.type).toBe('number');
    expect(length.step).toBe('any');
    expect([length.min, length.max]).toEqual(['1', '']);
    expect(hintOf(length)).toBe('at least 1; optional');

    const gatefold = control<HTMLInputElement>('Gatefold');
    expect(gatefold.type).toBe('checkbox');
    expect(gatefold.checked).toBe(false);
    expect(hintOf(gatefold)).toBe('optional');
  });

  it('lets the browser refuse what the schema refuses, and accept what it accepts', () => {
    const { form } = render(EVERY_CONSTRUCT);
    const catalogue = control<HTMLInputElement>('Catalogue number');
    const format = control<HTMLSelectElement>('Format');
    const rpm = control<HTMLSelectElement>('Rpm');
    const weight = control<HTMLInputElement>('Weight grams');
    const length = control<HTMLInputElement>('Length minutes');

    // Required fields left empty.
    expect(form.checkValidity()).toBe(false);
    expect(catalogue.validity.valueMissing).toBe(true);
    expect(format.validity.valueMissing).toBe(true);
    expect(weight.validity.valueMissing).toBe(true);

    enter(catalogue, 'ns-14');
    expect(catalogue.validity.patternMismatch).toBe(true);
    enter(catalogue, 'NS-14');
    expect(catalogue.validity.valid).toBe(true);
    enter(format, 'LP');
    enter(rpm, '45');
    enter(weight, '99');
    expect(weight.validity.rangeUnderflow).toBe(true);
    enter(weight, '251');
    expect(weight.validity.rangeOverflow).toBe(true);
    enter(weight, '180.5');
    expect(weight.validity.stepMismatch).toBe(true);
    enter(weight, '180');
    enter(length, '0.5');
    expect(length.validity.rangeUnderflow).toBe(true);
    enter(length, '41.5');
    expect(length.validity.valid).toBe(true);
    expect(form.checkValidity()).toBe(true);
  });

  it('sends numbers as numbers, a checkbox as a boolean, and leaves empty optional fields out', () => {
    render(EVERY_CONSTRUCT);
    enter(control('Catalogue number'), ' NS-14 ');
    enter(control('Format'), 'LP');
    enter(control('Rpm'), '33');
    enter(control('Weight grams'), '180');
    act(() => control<HTMLInputElement>('Gatefold').click());

    expect(attributesFrom(fieldsOf(EVERY_CONSTRUCT), latest)).toEqual({
      catalogueNumber: 'NS-14',
      format: 'LP',
      rpm: 33,
      weightGrams: 180,
      gatefold: true,
    });
  });

  it('starts from the item’s own values, never from guessed defaults', () => {
    render(EVERY_CONSTRUCT, { catalogueNumber: 'NS-7', rpm: 45, weightGrams: 140, gatefold: true });
    expect(control<HTMLInputElement>('Catalogue number').value).toBe('NS-7');
    expect(control<HTMLSelectElement>('Rpm').value).toBe('45');
    expect(control<HTMLInputElement>('Weight grams').value).toBe('140');
    expect(control<HTMLInputElement>('Gatefold').checked).toBe(true);
    expect(control<HTMLSelectElement>('Format').value).toBe('');
    expect(control<HTMLInputElement>('Colourway').value).toBe('');
  });

  it('renders a kind it has never seen, attribute by attribute, with no console change', () => {
    // A poster: a kind added to the registry after this console was written.
    const poster = {
      type: 'object',
      properties: {
        paper_stock: { type: 'string', enum: ['matte', 'satin'] },
        sheetCount: { type: 'integer', minimum: 1, maximum: 3, description: 'Sheets per set' },
        signedByArtist: { type: 'boolean' },
        artist: { type: 'string' },
        dimensions: { type: 'object', properties: { width: { type: 'number' } } },
      },
      required: ['paper_stock', 'artist'],
    };
    const { form } = render(poster);
    expect(control<HTMLSelectElement>('Paper stock').tagName).toBe('SELECT');
    expect(control<HTMLInputElement>('Sheet count').type).toBe('number');
    expect(hintOf(control('Sheet count'))).toBe('Sheets per set; 1 to 3; optional');
    expect(control<HTMLInputElement>('Signed by artist').type).toBe('checkbox');
    expect(control<HTMLInputElement>('Artist').required).toBe(true);
    // What the form does not understand is a text field; the API judges it.
    expect(control<HTMLInputElement>('Dimensions').type).toBe('text');
    expect(container.querySelectorAll('input, select')).toHaveLength(5);

    enter(control('Paper stock'), 'satin');
    enter(control('Artist'), 'Mo');
    enter(control('Sheet count'), '2');
    expect(form.checkValidity()).toBe(true);
    expect(attributesFrom(fieldsOf(poster), latest)).toEqual({
      paper_stock: 'satin',
      sheetCount: 2,
      signedByArtist: false,
      artist: 'Mo',
    });
  });

  it('renders nothing for a kind without attributes', () => {
    render({ type: 'object', properties: {} });
    expect(container.querySelector('fieldset')).toBeNull();
    expect(fieldsOf(undefined)).toEqual([]);
  });
});
