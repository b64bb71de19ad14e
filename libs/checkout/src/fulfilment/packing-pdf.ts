// The packing list and the address labels as printable PDFs (pdfkit, A4). The standard
// Helvetica font covers Latin-1 (WinAnsi); characters outside it print as substitutes, so the
// CSV stays the lossless export.
import PDFDocument from 'pdfkit';
import { contentsOf } from './packing-csv';
import { addressLines, type PackingGroup } from './packing-list';

const A4 = { width: 595.28, height: 841.89 };
const MARGIN = 40;

function render(
  draw: (doc: PDFKit.PDFDocument) => void,
  title: string,
  asOf: Date,
): Promise<Buffer> {
  // pdfkit dates the document (and derives its file id) from the clock unless told.
  const doc = new PDFDocument({
    size: 'A4',
    margin: MARGIN,
    info: { Title: title, Producer: 'Limited Run', Creator: 'Limited Run', CreationDate: asOf },
  });
  const chunks: Buffer[] = [];
  const done = new Promise<Buffer>((resolve, reject) => {
    doc.on('data', (chunk: Buffer) => chunks.push(chunk));
    doc.on('end', () => resolve(Buffer.concat(chunks)));
    doc.on('error', reject);
  });
  draw(doc);
  doc.end();
  return done;
}

/** Moves to a new page when fewer than `needed` points are left. */
function ensureRoom(doc: PDFKit.PDFDocument, needed: number): void {
  if (doc.y + needed > A4.height - MARGIN) doc.addPage();
}

/** Per variant: a heading with its units, then one block per parcel in edition-number order. */
export function packingListPdf(
  dropName: string,
  groups: PackingGroup[],
  asOf: Date,
): Promise<Buffer> {
  const title = `Packing list: ${dropName}`;
  return render(
    (doc) => {
      doc.font('Helvetica-Bold').fontSize(16).text(title);
      const parcels = groups.reduce((sum, g) => sum + g.rows.length, 0);
      doc.font('Helvetica').fontSize(9).fillColor('#444').text(`${parcels} parcels`);
      doc.fillColor('black').moveDown();
      if (groups.length === 0) doc.fontSize(11).text('No paid orders to pack.');
      for (const group of groups) {
        ensureRoom(doc, 60);
        doc.font('Helvetica-Bold').fontSize(12);
        doc.text(`${group.sku}: ${group.itemTitle} (${group.variantLabel}), ${group.units} units`);
        doc.moveDown(0.3);
        for (const row of group.rows) {
          ensureRoom(doc, 48);
          const serials = row.serials.length ? row.serials.join(', ') : 'unnumbered';
          doc
            .font('Helvetica-Bold')
            .fontSize(10)
            .text(`${row.quantity} × ${serials}`, { continued: false });
          doc.font('Helvetica').fontSize(9);
          doc.text(
            `Order ${row.orderId}  ·  ${row.fulfilmentStatus}` +
              (row.expectedShipDate ? `  ·  ships from ${row.expectedShipDate}` : '') +
              (row.rateName ? `  ·  ${row.rateName}` : ''),
          );
          doc.text(addressLines(row).join(', '));
          doc.moveDown(0.5);
        }
        doc.moveDown(0.5);
      }
    },
    title,
    asOf,
  );
}

const LABEL = { columns: 2, rows: 7, width: 99.1 * 2.8346, height: 38.1 * 2.8346 };
const LABEL_LEFT = (A4.width - LABEL.columns * LABEL.width) / 2;
const LABEL_TOP = (A4.height - LABEL.rows * LABEL.height) / 2;

/** Address labels, 14 to an A4 sheet (2 × 7, 99.1 × 38.1 mm), in packing-list order. */
export function addressLabelsPdf(
  dropName: string,
  groups: PackingGroup[],
  asOf: Date,
): Promise<Buffer> {
  const title = `Address labels: ${dropName}`;
  const rows = groups.flatMap((g) => g.rows);
  const perPage = LABEL.columns * LABEL.rows;
  return render(
    (doc) => {
      if (rows.length === 0) doc.font('Helvetica').fontSize(11).text('No paid orders to label.');
      rows.forEach((row, i) => {
        if (i > 0 && i % perPage === 0) doc.addPage();
        const slot = i % perPage;
        const x = LABEL_LEFT + (slot % LABEL.columns) * LABEL.width + 12;
        const y = LABEL_TOP + Math.floor(slot / LABEL.columns) * LABEL.height + 10;
        const width = LABEL.width - 24;
        doc.font('Helvetica').fontSize(10);
        doc.text(addressLines(row).join('\n'), x, y, {
          width,
          height: LABEL.height - 30,
          lineGap: 0,
        });
        doc.font('Helvetica').fontSize(7).fillColor('#444');
        doc.text(contentsOf(row.sku, row.quantity, row.serials), x, y + LABEL.height - 28, {
          width,
          height: 10,
          ellipsis: true,
        });
        doc.fillColor('black');
      });
    },
    title,
    asOf,
  );
}
