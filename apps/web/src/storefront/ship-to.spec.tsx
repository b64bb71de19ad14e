// Where the fan ships to: guessed from the browser's languages, remembered once chosen, and
// followed by every component that reads it.
import { afterEach, beforeAll, describe, expect, it } from '@jest/globals';
import { act } from 'react';
import { createRoot, type Root } from 'react-dom/client';
import { COUNTRY_CODES, countryOfLocale } from '../lib/countries';
import { useShipTo } from './ship-to';

let container: HTMLDivElement | undefined;
let root: Root | undefined;

beforeAll(() => {
  (globalThis as { IS_REACT_ACT_ENVIRONMENT?: boolean }).IS_REACT_ACT_ENVIRONMENT = true;
});

afterEach(() => {
  if (root) act(() => root?.unmount());
  container?.remove();
  root = undefined;
  container = undefined;
  window.localStorage.clear();
});

let choose: (country: string) => void = () => undefined;

function Reader({ name }: { name: string }) {
  const shipTo = useShipTo();
  choose = shipTo.choose;
  return <p data-reader={name}>{shipTo.country ?? 'none'}</p>;
}

function render() {
  container = document.createElement('div');
  document.body.append(container);
  const created = createRoot(container);
  root = created;
  act(() =>
    created.render(
      <>
        <Reader name="a" />
        <Reader name="b" />
      </>,
    ),
  );
}

const shown = () => [...(container?.querySelectorAll('p') ?? [])].map((p) => p.textContent);

describe('the country a fan ships to', () => {
  it('is guessed from the languages: a region first, else the likely one of the first language', () => {
    expect(countryOfLocale(['en-GB', 'en'])).toBe('GB');
    expect(countryOfLocale(['fr', 'pt-PT'])).toBe('PT');
    expect(countryOfLocale(['de'])).toBe('DE');
    expect(countryOfLocale(['not a tag'])).toBeUndefined();
    expect(countryOfLocale([])).toBeUndefined();
    expect(COUNTRY_CODES).toHaveLength(249);
  });

  it('once chosen, is remembered in this browser and every reader follows', () => {
    render();
    const guessed = countryOfLocale(navigator.languages ?? []) ?? 'none';
    expect(shown()).toEqual([guessed, guessed]);
    act(() => choose('PT'));
    expect(shown()).toEqual(['PT', 'PT']);
    expect(window.localStorage.getItem('limited-run:ship-to')).toBe('PT');
    act(() => root?.unmount());
    container?.remove();
    render();
    expect(shown()).toEqual(['PT', 'PT']);
  });
});
