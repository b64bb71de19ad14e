import { ApiProperty } from '@nestjs/swagger';
import type { CertificateView } from '../orders/order-views';
import { serialLabel } from '../serials/serial-label';

class CertificateVariantResponse {
  @ApiProperty({ format: 'uuid' })
  id: string;

  @ApiProperty({ example: 'NS-LP-RED' })
  sku: string;

  @ApiProperty({ example: 'Clear red, 180 g' })
  label: string;
}

class CertificateItemResponse {
  @ApiProperty({ example: 'Afterhours LP' })
  title: string;

  @ApiProperty({ example: 'vinyl' })
  kind: string;
}

class CertificateCollectiveResponse {
  @ApiProperty({ example: 'night-shift' })
  slug: string;

  @ApiProperty({ example: 'Night Shift' })
  name: string;
}

/** Proof that a number of an edition was issued, to which order; never who bought it. */
export class SerialCertificateResponse {
  @ApiProperty({ example: true })
  valid: true;

  @ApiProperty({ example: '#17 of 250' })
  label: string;

  @ApiProperty({ example: 17 })
  serial: number;

  @ApiProperty({ example: 250 })
  editionSize: number;

  @ApiProperty({
    format: 'uuid',
    description: 'The paid order holding this number; the buyer is not disclosed.',
  })
  orderId: string;

  @ApiProperty({ example: '2026-11-20T18:03:12.000Z' })
  issuedAt: string;

  @ApiProperty({ type: CertificateVariantResponse })
  edition: CertificateVariantResponse;

  @ApiProperty({ type: CertificateItemResponse })
  item: CertificateItemResponse;

  @ApiProperty({ type: CertificateCollectiveResponse })
  collective: CertificateCollectiveResponse;

  static from(view: CertificateView): SerialCertificateResponse {
    return {
      valid: true,
      label: serialLabel(view),
      serial: view.serial,
      editionSize: view.editionSize,
      orderId: view.orderId,
      issuedAt: new Date(view.issuedAt).toISOString(),
      edition: view.variant,
      item: view.item,
      collective: view.collective,
    };
  }
}
