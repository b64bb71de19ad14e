/** How many minor units a currency's major unit has (2 for EUR, 0 for JPY). */
export function currencyDigits(currency: string): number {
  try {
    return (
      new Intl.NumberFormat('en', { style: 'currency', currency }).resolvedOptions()
        .maximumFractionDigits ?? 2
    );
  } catch {
    return 2;
  }
}

/** "85.00" EUR → 8500; undefined when it is not an amount of that currency. */
export function toMinorUnits(amount: string, currency: string): number | undefined {
  const digits = currencyDigits(currency);
  const text = amount.trim().replace(',', '.');
  const pattern = digits === 0 ? /^\d+$/ : new RegExp(`^\\d+(\\.\\d{1,${digits}})?$`);
  if (!pattern.test(text)) return undefined;
  return Math.round(Number(text) * 10 ** digits);
}

/** 8500 EUR → "85.00": the price field's text. */
export function toMajorText(minor: number, currency: string): string {
  const digits = currencyDigits(currency);
  return (minor / 10 ** digits).toFixed(digits);
}
