import type { IssuedSerial } from './edition-serials';

/** "#17 of 250" */
export const serialLabel = (serial: IssuedSerial): string =>
  `#${serial.serial} of ${serial.editionSize}`;

export const formatSerials = (serials: IssuedSerial[]): string[] => serials.map(serialLabel);
