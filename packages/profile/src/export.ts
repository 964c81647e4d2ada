// Exports of the profile card: a PNG drawn onto a canvas straight from the profile data (no serialised markup, no
// foreignObject, no third-party request, so nothing taints the canvas and a strict CSP allows it), and the CSV of
// its numbers. Both leave the page as a blob: link the user's click downloads.
import { localiseText, profileCsv, type AreaProfile, type Language, type ProfileIndicator } from '@sozialraum/core';
import { absentText, type ProfileMessages } from './i18n.js';

export interface PngColours {
  text: string;
  muted: string;
  accent: string;
  city: string;
  range: string;
  surface: string;
}

const WIDTH = 1240;
const MARGIN = 60;

/** Draws the profile onto a new canvas, 1240 px wide (A4 at 150 dpi), as tall as it needs. */
export function drawProfile(
  profile: AreaProfile,
  m: ProfileMessages,
  language: Language,
  colours: PngColours,
  format: (value: number, digits?: number) => string,
): HTMLCanvasElement {
  const canvas = document.createElement('canvas');
  const rows = 12 + profile.indicators.length * 2 + profile.domains.length + (profile.facilities?.types.length ?? 0) + profile.flags.length;
  canvas.width = WIDTH;
  canvas.height = 260 + rows * 44;
  const context = canvas.getContext('2d')!;
  context.fillStyle = colours.surface;
  context.fillRect(0, 0, canvas.width, canvas.height);
  const pen = new Pen(context, colours);
  const sheet: Sheet = { pen, m, language, colours, format };

  drawTitle(profile, sheet);
  pen.heading(m.indicators);
  for (const indicator of profile.indicators) drawIndicator(indicator, sheet);
  if (profile.domains.length > 0) {
    pen.heading(m.domains);
    for (const domain of profile.domains) {
      pen.write(
        m.domainValue(
          localiseText(domain.label, language),
          domain.value === null ? '–' : format(domain.value),
          domain.cityMean === null ? '–' : format(domain.cityMean),
        ),
        MARGIN,
        20,
      );
      pen.y += 32;
    }
  }
  if (profile.facilities) {
    const distance = `${format(profile.facilities.distance / 1000, 1)} km`;
    pen.heading(m.facilities);
    for (const type of profile.facilities.types) {
      const share = type.reachableShare === null ? '' : ` · ${format(type.reachableShare * 100, 0)} % ${m.reachable(distance)}`;
      pen.write(`${localiseText(type.label, language)}: ${type.inside} ${m.inside}, ${type.within} ${m.within(distance)}${share}`, MARGIN, 20);
      pen.y += 32;
    }
  }
  if (profile.flags.length > 0) {
    pen.heading(m.flags);
    for (const flag of profile.flags) {
      pen.write(m.flag[flag.kind](flag.columns.join(', ')), MARGIN, 18, { colour: colours.muted });
      pen.y += 30;
    }
  }
  // Cut the canvas to what was drawn.
  const used = Math.min(canvas.height, pen.y + MARGIN);
  const image = context.getImageData(0, 0, WIDTH, used);
  canvas.height = used;
  context.putImageData(image, 0, 0);
  return canvas;
}

/** Writes lines of text down a canvas; `y` is the baseline of the next line. */
class Pen {
  y = MARGIN;

  constructor(
    readonly context: CanvasRenderingContext2D,
    private readonly colours: PngColours,
  ) {}

  write(text: string, x: number, size: number, options: { bold?: boolean; colour?: string; align?: CanvasTextAlign } = {}): void {
    const { context } = this;
    context.font = `${options.bold ? '600 ' : ''}${size}px system-ui, sans-serif`;
    context.fillStyle = options.colour ?? this.colours.text;
    context.textAlign = options.align ?? 'left';
    context.fillText(text, x, this.y, WIDTH - MARGIN - x);
  }

  heading(text: string): void {
    this.y += 26;
    this.write(text, MARGIN, 26, { bold: true });
    this.y += 38;
  }
}

/** What every part of the sheet is drawn with. */
interface Sheet {
  pen: Pen;
  m: ProfileMessages;
  language: Language;
  colours: PngColours;
  format: (value: number, digits?: number) => string;
}

/** The area's name, key, size and residents, and its index class and rank. */
function drawTitle(profile: AreaProfile, { pen, m, language, colours, format }: Sheet): void {
  pen.y += 40;
  pen.write(profile.name, MARGIN, 44, { bold: true });
  pen.y += 40;
  const facts = [`${m.key} ${profile.id}`];
  if (profile.areaKm2 !== null) facts.push(`${m.area} ${format(profile.areaKm2, 2)} km²`);
  if (profile.population)
    facts.push(
      `${m.residents} ${profile.population.value === null ? absentText(m, profile.population) : format(profile.population.value, 0)}${profile.population.date ? ` (${m.asOf(profile.population.date)})` : ''}`,
    );
  pen.write(facts.join(' · '), MARGIN, 22, { colour: colours.muted });
  pen.y += 34;
  if (profile.index) {
    const index = profile.index;
    const label =
      index.class === null || index.label === null ? m.notRated : m.indexClass(localiseText(index.label, language), index.class, index.classLabels.length);
    pen.write(`${localiseText(index.title, language)}: ${label}${index.rank === null ? '' : ` · ${m.rankOf(index.rank, index.ranked)}`}`, MARGIN, 22);
    pen.y += 10;
  }
}

/** One indicator: its value, the city's and its rank on a line, then where it lies in the distribution over the city. */
function drawIndicator(indicator: ProfileIndicator, { pen, m, language, colours, format }: Sheet): void {
  const unit = indicator.unit ? ` ${indicator.unit}` : '';
  pen.write(localiseText(indicator.label, language), MARGIN, 22, { bold: true });
  pen.write(indicator.value === null ? absentText(m, indicator) : `${format(indicator.value)}${unit}`, 760, 22, { align: 'right' });
  pen.write(`${m.city} ${indicator.city === null ? '–' : format(indicator.city)}${unit}`, 1000, 20, { colour: colours.muted, align: 'right' });
  pen.write(indicator.rank === null ? '' : m.rankOf(indicator.rank, indicator.ranked), WIDTH - MARGIN, 20, { colour: colours.muted, align: 'right' });
  pen.y += 22;
  const d = indicator.distribution;
  if (d) {
    const { context } = pen;
    const y = pen.y;
    const all = [d.min, d.max, indicator.city ?? d.min, indicator.value ?? d.min];
    const lo = Math.min(...all);
    const hi = Math.max(...all);
    const x = (value: number) => MARGIN + ((value - lo) / (hi - lo || 1)) * 700;
    context.strokeStyle = colours.range;
    context.lineWidth = 2;
    context.beginPath();
    context.moveTo(x(d.min), y);
    context.lineTo(x(d.max), y);
    context.stroke();
    context.fillStyle = colours.range;
    context.fillRect(x(d.q1), y - 7, Math.max(2, x(d.q3) - x(d.q1)), 14);
    if (indicator.city !== null) {
      context.fillStyle = colours.city;
      context.fillRect(x(indicator.city) - 1.5, y - 12, 3, 24);
    }
    if (indicator.value !== null) {
      context.fillStyle = colours.accent;
      context.beginPath();
      context.arc(x(indicator.value), y, 7, 0, 2 * Math.PI);
      context.fill();
    }
    if (indicator.change)
      pen.write(
        m.change(`${indicator.change.difference > 0 ? '+' : ''}${format(indicator.change.difference)}${unit}`, indicator.change.from),
        WIDTH - MARGIN,
        18,
        { colour: colours.muted, align: 'right' },
      );
  }
  pen.y += 40;
}

/** Lets the user save a blob under a name: a blob: link clicked once, revoked after. */
export function download(blob: Blob, filename: string): void {
  const url = URL.createObjectURL(blob);
  const link = document.createElement('a');
  link.href = url;
  link.download = filename;
  link.hidden = true;
  document.body.append(link);
  link.click();
  link.remove();
  setTimeout(() => URL.revokeObjectURL(url), 1000);
}

/** The CSV of the profile, with a BOM so that spreadsheets read the umlauts. */
export function csvBlob(profile: AreaProfile, language: Language): Blob {
  return new Blob([profileCsv(profile, language, { bom: true })], { type: 'text/csv;charset=utf-8' });
}

export function pngBlob(canvas: HTMLCanvasElement): Promise<Blob> {
  return new Promise((resolve, reject) =>
    canvas.toBlob((blob) => (blob ? resolve(blob) : reject(new Error('the canvas could not be encoded as PNG'))), 'image/png'),
  );
}

/** A file name from the area's key: letters, digits, dots and dashes only. */
export function fileName(profile: AreaProfile, extension: string): string {
  return `steckbrief-${profile.id.replace(/[^\w.-]+/g, '_')}.${extension}`;
}
