import { createRequire } from 'node:module';
import type { ExportDocument, ExportLoop } from '@causal-map/shared/export-document';
import { liveParts } from '@causal-map/shared/export/formats';
import { renderSvg } from '@causal-map/shared/export/svg';
import { loopChain } from '@causal-map/shared/loop';
import PDFDocument from 'pdfkit';
import SVGtoPDF from 'svg-to-pdfkit';

// The PDF report a clinician files: vector throughout (the diagram's text can be selected and
// searched), with the font the exports measure text with embedded. pdfkit writes the PDF and
// svg-to-pdfkit draws the one SVG renderer's picture into it, so the report shows exactly the
// diagram of the SVG and PNG exports.

const require = createRequire(import.meta.url);
export const FONT_FILES = {
  regular: require.resolve('@expo-google-fonts/inter/400Regular/Inter_400Regular.ttf'),
  bold: require.resolve('@expo-google-fonts/inter/700Bold/Inter_700Bold.ttf'),
};

export type Paper = 'A4' | 'LETTER';

export interface ReportInput {
  document: ExportDocument;
  /** The team's notes on loops, by loop key. */
  notes: Readonly<Record<string, { title?: string; note?: string }>>;
  /** When the report is made; its date is printed on it. */
  now: Date;
  paper: Paper;
}

const INK = '#0f172a';
const SOFT = '#475569';
const BAD = '#b91c1c';
const GOOD = '#15803d';
const VALENCE_WORDS = { negative: 'Bad', neutral: 'Neutral', positive: 'Good' } as const;

type Pdf = InstanceType<typeof PDFDocument>;

function heading(pdf: Pdf, text: string, size = 16): void {
  pdf.font('Inter-Bold').fontSize(size).fillColor(INK).text(text);
  pdf.moveDown(0.4);
}

/** Draws the SVG fitted into the rest of the page (below the cursor), centred. */
function drawDiagram(pdf: Pdf, svg: string, width: number, height: number): void {
  const { margins } = pdf.page;
  const boxWidth = pdf.page.width - margins.left - margins.right;
  const boxHeight = pdf.page.height - margins.bottom - pdf.y;
  const scale = Math.min(boxWidth / width, boxHeight / height, 1);
  const x = margins.left + (boxWidth - width * scale) / 2;
  SVGtoPDF(pdf, svg, x, pdf.y, {
    width: width * scale,
    height: height * scale,
    assumePt: true,
    preserveAspectRatio: 'xMidYMin meet',
    fontCallback: (_family: string, bold: boolean) => (bold ? 'Inter-Bold' : 'Inter'),
  });
}

/** A page for a diagram, turned sideways when the picture is wider than tall. */
function diagramPage(pdf: Pdf, paper: Paper, width: number, height: number): void {
  pdf.addPage({ size: paper, layout: width > height * 1.15 ? 'landscape' : 'portrait' });
}

function participants(document: ExportDocument): string[] {
  const names = new Set<string>();
  for (const item of [...document.statements, ...document.links]) if (item.createdBy.trim()) names.add(item.createdBy.trim());
  return [...names].sort((a, b) => a.localeCompare(b));
}

function loopLine(loop: ExportLoop): string {
  const kind = loop.polarity === 'balancing' ? 'balancing' : `reinforcing, ${loop.character ?? 'unclassified'}`;
  return `${loop.name}${loop.title ? ` “${loop.title}”` : ''} (${kind}): ${loopChain(loop)}`;
}

function coverPage(pdf: Pdf, input: ReportInput): void {
  const { document, now } = input;
  const { statements: live, links } = liveParts(document);
  const vicious = document.loops.filter((loop) => loop.character === 'vicious');
  pdf.font('Inter-Bold').fontSize(24).fillColor(INK).text(document.title || 'Untitled map');
  pdf.moveDown(0.3);
  pdf.font('Inter').fontSize(11).fillColor(SOFT).text(`Causal map report, ${now.toISOString().slice(0, 10)}`);
  pdf.moveDown(1);
  pdf.fillColor(INK).fontSize(12);
  const people = participants(document);
  pdf.font('Inter-Bold').text('Participants: ', { continued: true }).font('Inter').text(people.length > 0 ? people.join(', ') : 'not recorded');
  pdf.moveDown(0.4);
  pdf.text(`${live.length} statements, ${links.length} links, ${document.loops.length} loops (${vicious.length} vicious).`);
  pdf.moveDown(1);
  if (vicious.length > 0) {
    heading(pdf, 'Vicious loops', 13);
    for (const loop of vicious) pdf.font('Inter').fontSize(11).fillColor(BAD).text(`• ${loopLine(loop)}`);
    pdf.fillColor(INK);
    pdf.moveDown(1);
  }
  pdf.font('Inter').fontSize(10).fillColor(SOFT).text(
    'Arrows read “may lead to”; dashed arrows with a minus sign read “may not lead to”. Statements are numbered in the order the group added them; their colour and word say whether the circumstance is bad, neutral or good for the person at the centre of the case.',
  );
}

function statementsSection(pdf: Pdf, document: ExportDocument): void {
  heading(pdf, 'Statements');
  for (const statement of liveParts(document).statements) {
    const colour = statement.valence === 'negative' ? BAD : statement.valence === 'positive' ? GOOD : SOFT;
    pdf.font('Inter-Bold').fontSize(10.5).fillColor(INK).text(`${statement.number}. `, { continued: true });
    pdf.fillColor(colour).text(`[${VALENCE_WORDS[statement.valence]}] `, { continued: true });
    pdf.font('Inter').fillColor(INK).text(statement.text || '(empty)', { continued: Boolean(statement.createdBy) });
    if (statement.createdBy) pdf.fillColor(SOFT).text(` — ${statement.createdBy}`);
    pdf.moveDown(0.25);
  }
}

function linksSection(pdf: Pdf, document: ExportDocument): void {
  const { links, numberOf: numbers } = liveParts(document);
  pdf.moveDown(0.8);
  heading(pdf, 'Links');
  if (links.length === 0) pdf.font('Inter').fontSize(10.5).text('No links yet.');
  for (const link of links) {
    const reads = `${numbers.get(link.from)} ${link.polarity === '-' ? 'may not lead to' : 'may lead to'} ${numbers.get(link.to)}`;
    pdf.font('Inter').fontSize(10.5).fillColor(INK).text(reads, { continued: Boolean(link.createdBy) });
    if (link.createdBy) pdf.fillColor(SOFT).text(` — ${link.createdBy}`);
  }
}

const COLUMNS = [
  { title: 'Loop', width: 0.09 },
  { title: 'Team title', width: 0.22 },
  { title: 'Polarity', width: 0.15 },
  { title: 'Character', width: 0.15 },
  { title: 'Chain', width: 0.39 },
] as const;

function loopsTable(pdf: Pdf, document: ExportDocument): void {
  pdf.moveDown(0.8);
  heading(pdf, 'Loops');
  if (document.loops.length === 0) {
    pdf.font('Inter').fontSize(10.5).text('No loops: no chain of arrows leads back to where it started.');
    return;
  }
  const { margins } = pdf.page;
  const full = pdf.page.width - margins.left - margins.right;
  const row = (cells: string[], bold: boolean, colour: string) => {
    pdf.font(bold ? 'Inter-Bold' : 'Inter').fontSize(9.5);
    const heights = cells.map((cell, i) => pdf.heightOfString(cell, { width: full * COLUMNS[i]!.width - 6 }));
    const height = Math.max(...heights) + 6;
    if (pdf.y + height > pdf.page.height - margins.bottom) pdf.addPage();
    const top = pdf.y;
    let x = margins.left;
    cells.forEach((cell, i) => {
      pdf.fillColor(colour).text(cell, x, top + 3, { width: full * COLUMNS[i]!.width - 6 });
      x += full * COLUMNS[i]!.width;
    });
    pdf.moveTo(margins.left, top + height).lineTo(margins.left + full, top + height).lineWidth(0.5).strokeColor('#cbd5e1').stroke();
    pdf.x = margins.left;
    pdf.y = top + height;
  };
  row(COLUMNS.map((column) => column.title), true, INK);
  for (const loop of document.loops) {
    const vicious = loop.character === 'vicious';
    row(
      [loop.name, loop.title ?? '', loop.polarity, vicious ? 'VICIOUS' : (loop.character ?? '—'), loopChain(loop)],
      vicious,
      vicious ? BAD : INK,
    );
  }
}

/** Builds the report as PDF bytes. */
export function buildReport(input: ReportInput): Promise<Buffer> {
  const { document, notes, paper } = input;
  const pdf = new PDFDocument({
    size: paper,
    margins: { top: 50, bottom: 50, left: 50, right: 50 },
    info: { Title: document.title || 'Causal map', Creator: 'Causal Map' },
    bufferPages: false,
  });
  pdf.registerFont('Inter', FONT_FILES.regular);
  pdf.registerFont('Inter-Bold', FONT_FILES.bold);
  const chunks: Buffer[] = [];
  pdf.on('data', (chunk: Buffer) => chunks.push(chunk));
  const done = new Promise<Buffer>((resolve, reject) => {
    pdf.on('end', () => resolve(Buffer.concat(chunks)));
    pdf.on('error', reject);
  });

  coverPage(pdf, input);
  const map = renderSvg(document);
  diagramPage(pdf, paper, map.width, map.height);
  heading(pdf, 'The map');
  drawDiagram(pdf, map.svg, map.width, map.height);

  pdf.addPage({ size: paper, layout: 'portrait' });
  statementsSection(pdf, document);
  linksSection(pdf, document);
  loopsTable(pdf, document);

  for (const loop of document.loops.filter((each) => each.character === 'vicious')) {
    const drawing = renderSvg(document, { loop });
    diagramPage(pdf, paper, drawing.width, drawing.height);
    heading(pdf, `Vicious loop ${loop.name}${loop.title ? `: ${loop.title}` : ''}`);
    pdf.font('Inter').fontSize(10.5).fillColor(SOFT).text(loopChain(loop));
    const note = notes[loop.key]?.note;
    pdf.moveDown(0.3).fillColor(INK).text(note ? `Team's note: ${note}` : 'No note from the team yet.');
    pdf.moveDown(0.6);
    drawDiagram(pdf, drawing.svg, drawing.width, drawing.height);
  }
  pdf.end();
  return done;
}
