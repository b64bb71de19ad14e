import { useParams } from 'wouter';
import { formatInstant } from '../../lib/format';
import { ErrorNotice, Loading } from '../../ui/status';
import { usePageTitle } from '../../ui/use-page-title';
import { useCertificate } from '../hooks/orders';

/** Public proof that a numbered unit exists and was sold (never who bought it). */
export default function CertificatePage() {
  const { variantId, serial } = useParams<{ variantId: string; serial: string }>();
  const certificate = useCertificate(variantId, serial);
  usePageTitle(certificate.data ? `Certificate ${certificate.data.label}` : 'Certificate');
  if (certificate.isPending) return <Loading label="Checking the number…" />;
  if (certificate.isError) {
    return <ErrorNotice error={certificate.error} title={`No certificate for number ${serial}`} />;
  }
  const c = certificate.data;
  return (
    <article className="page narrow stack card">
      <p className="eyebrow">Certificate of edition · {c.collective.name}</p>
      <h1>{c.item.title}</h1>
      <p>{c.edition.label}</p>
      <p className="serial">{c.label}</p>
      <dl className="attributes">
        <div className="attribute">
          <dt>Kind</dt>
          <dd>{c.item.kind}</dd>
        </div>
        <div className="attribute">
          <dt>SKU</dt>
          <dd>{c.edition.sku}</dd>
        </div>
        <div className="attribute">
          <dt>Issued</dt>
          <dd>{formatInstant(c.issuedAt)}</dd>
        </div>
        <div className="attribute">
          <dt>Order</dt>
          <dd className="mono">{c.orderId}</dd>
        </div>
      </dl>
      <p className="muted">
        Numbers are given when a payment is applied, each unit taking the lowest free number of its
        edition. This page shows a number only while a paid order holds it.
      </p>
    </article>
  );
}
