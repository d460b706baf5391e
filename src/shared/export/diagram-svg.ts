/**
 * The network as an SVG diagram for slides and handouts: one box per layer (name, type and settings,
 * output shape `16×16×8`, parameters; an error mark where the engine found an error) and arrows
 * for the connections, placed where the canvas has them or by the auto-layout. Pure text out, so the
 * renderer (which also rasterizes it to PNG) and the CLI write the same file.
 */
import type { GraphAnalysis, NodeAnalysis } from '../engine/analyze';
import { fmtInt } from '../engine/format';
import type { LayerFamily } from '../engine/types';
import { autoLayoutRoutes, NODE_HEIGHT, NODE_WIDTH, type Point } from '../editing/layout';
import type { NetworkGraph } from '../graph/graph';

export type DiagramTheme = 'light' | 'dark';
export type DiagramLayout = 'canvas' | 'auto';

export interface DiagramOptions {
  theme?: DiagramTheme;
  /** `canvas`: where the layers are on the canvas (the auto-layout when some have no place); `auto`: the auto-layout. */
  layout?: DiagramLayout;
  /** The SVG's `<title>`. */
  name?: string;
}

interface Palette {
  background: string;
  box: string;
  errorBox: string;
  border: string;
  ink: string;
  muted: string;
  edge: string;
  danger: string;
}

/** The app's own colours (`styles.css`), light and dark. */
export const DIAGRAM_PALETTES: Record<DiagramTheme, Palette> = {
  light: {
    background: '#ffffff',
    box: '#ffffff',
    errorBox: '#fff5f5',
    border: '#d9dde5',
    ink: '#1d2433',
    muted: '#667085',
    edge: '#98a2b3',
    danger: '#c0362c',
  },
  dark: { background: '#14171f', box: '#1c2130', errorBox: '#2e1c1f', border: '#2f3647', ink: '#e6e9ef', muted: '#98a2b3', edge: '#6b7489', danger: '#ff7b72' },
};

/** The stripe on a box's left edge, by layer family, as on the canvas. */
const FAMILY_COLOURS: Record<LayerFamily, string> = {
  input: '#8bd17c',
  convolution: '#5fb3f9',
  pooling: '#f6b65b',
  core: '#a78bfa',
  normalization: '#f78fb3',
  merge: '#2dd4bf',
  preprocessing: '#94a3b8',
  activation: '#fb923c',
  unsupported: '#98a2b3',
};

const MARGIN = 24;
const STRIPE = 5;
const PAD = 12;
/** How far a connection runs straight out of and into a box. */
const PORT = 12;
const FONT = "system-ui, -apple-system, 'Segoe UI', Roboto, sans-serif";
const MONO = 'ui-monospace, SFMono-Regular, Menlo, Consolas, monospace';

/** Text and attribute values with `& < > " '` escaped. */
export function xmlText(text: string): string {
  return text.replace(/[&<>"']/g, (c) => ({ '&': '&amp;', '<': '&lt;', '>': '&gt;', '"': '&quot;', "'": '&#39;' })[c]!);
}

/** `[16, 16, 8]` → `16×16×8`. */
export function diagramShape(shape: readonly number[]): string {
  return shape.join('×');
}

/** Cuts text to about `px` wide at `charPx` per character (SVG cannot measure or wrap), ending with `…`. */
function fit(text: string, px: number, charPx: number): string {
  const max = Math.max(1, Math.floor(px / charPx));
  return text.length <= max ? text : `${text.slice(0, max - 1)}…`;
}

/** Up to two lines of about `px` wide, broken between words; the second ends with `…` when more is left. */
function wrap(text: string, px: number, charPx: number): string[] {
  const max = Math.max(1, Math.floor(px / charPx));
  if (text.length <= max) return [text];
  const cut = text.lastIndexOf(' ', max);
  const at = cut > max / 2 ? cut : max;
  return [text.slice(0, at).trimEnd(), fit(text.slice(at).trimStart(), px, charPx)];
}

/** Average glyph width of the 11px error text (SVG cannot measure text, so long messages are cut by this). */
const ERROR_CHAR_PX = 6.2;

/**
 * Each node's top-left corner in the diagram's layout and, for the auto-layout, the connections'
 * routes around the boxes. On the canvas, connections are drawn as the canvas draws them.
 */
function placement(graph: NetworkGraph, layout: DiagramLayout): { at: Map<string, Point>; routes: Map<string, Point[]> } {
  if (layout === 'canvas' && graph.nodes.every((n) => n.position)) return { at: new Map(graph.nodes.map((n) => [n.id, n.position!])), routes: new Map() };
  const { graph: placed, routes } = autoLayoutRoutes(graph);
  return { at: new Map(placed.nodes.map((n) => [n.id, n.position ?? { x: 0, y: 0 }])), routes };
}

/** A smooth path through a route's points (quadratic curves through the midpoints), ending on the last one. */
function routePath(points: Point[]): string {
  const r = (p: Point) => `${Math.round(p.x * 10) / 10},${Math.round(p.y * 10) / 10}`;
  const parts = [`M${r(points[0]!)}`];
  for (let i = 1; i < points.length - 1; i++) {
    const p = points[i]!;
    const next = points[i + 1]!;
    parts.push(`Q${r(p)} ${r({ x: (p.x + next.x) / 2, y: (p.y + next.y) / 2 })}`);
  }
  parts.push(`L${r(points.at(-1)!)}`);
  return parts.join(' ');
}

interface BoxInput {
  /** The engine's result for the node (absent only for a node the analysis does not know). */
  n: NodeAnalysis | undefined;
  node: { id: string; name: string; type: string };
  at: { x: number; y: number };
  /** Unique in the document: the stripe's clip path. */
  clip: string;
}

/** A box with an error is taller: its message takes two lines. */
const boxHeight = (n: NodeAnalysis | undefined) => (!n || n.diagnostics.some((d) => d.severity === 'error') ? NODE_HEIGHT + 16 : NODE_HEIGHT);

function nodeBox({ n, node: fallback, at, clip }: BoxInput, colours: Palette, analysis: GraphAnalysis): string {
  const { x, y } = at;
  const error = n?.diagnostics.find((d) => d.severity === 'error');
  const status = n?.status ?? 'error';
  const inner = NODE_WIDTH - STRIPE - 2 * PAD;
  const left = x + STRIPE + PAD;
  const right = x + NODE_WIDTH - PAD;
  const name = n?.name ?? fallback.name;
  const type = n?.type ?? fallback.type;
  const settings = n?.shortForm && n.family !== 'input' ? ` · ${n.shortForm}` : '';
  const shape = n?.shape ? diagramShape(n.shape) : status === 'blocked' ? `waiting on ${analysis.nodes[n!.blockedBy!]?.name ?? n!.blockedBy}` : '';
  const params = status === 'ok' && n ? `${fmtInt(n.params.total)} params` : '';
  const stripe = FAMILY_COLOURS[n?.family ?? 'unsupported'];
  const tooltip = error ? `${name} (${type}): ${error.message} Fix: ${error.fix}` : `${name} (${type})`;
  const height = boxHeight(n);
  const parts = [
    `<g class="layer" data-node-id="${xmlText(fallback.id)}" data-status="${status}"${error ? ` data-error="${xmlText(error.code)}"` : ''}${status === 'blocked' ? ' opacity="0.75"' : ''}>`,
    `<title>${xmlText(tooltip)}</title>`,
    `<rect x="${x}" y="${y}" width="${NODE_WIDTH}" height="${height}" rx="8" fill="${error ? colours.errorBox : colours.box}" stroke="${error ? colours.danger : colours.border}" stroke-width="${error ? 1.5 : 1}"${n?.family === 'unsupported' ? ' stroke-dasharray="4 3"' : ''}/>`,
    // The family stripe, clipped to the box's rounded corners.
    `<clipPath id="${clip}"><rect x="${x}" y="${y}" width="${NODE_WIDTH}" height="${height}" rx="8"/></clipPath>`,
    `<rect x="${x}" y="${y}" width="${STRIPE}" height="${height}" fill="${stripe}" clip-path="url(#${clip})"/>`,
    `<text x="${left}" y="${y + 23}" font-size="13" font-weight="600" fill="${colours.ink}">${xmlText(fit(name, inner - (error ? 22 : 0), 7.8))}</text>`,
  ];
  parts.push(
    `<text x="${left}" y="${y + 43}" font-size="11" font-family="${MONO}" fill="${colours.muted}">${xmlText(fit(`${type}${settings}`, inner, 6.7))}</text>`,
  );
  if (error) {
    // The error's message in place of the shape (there is none), on two lines: the box is taller.
    wrap(error.message, inner, ERROR_CHAR_PX).forEach((line, i) =>
      parts.push(`<text x="${left}" y="${y + 62 + 15 * i}" font-size="11" fill="${colours.danger}">${xmlText(line)}</text>`),
    );
  } else {
    const shown = fit(shape, params ? inner - 80 : inner, 7.2);
    parts.push(
      `<text x="${left}" y="${y + 65}" font-size="12" font-weight="600" fill="${status === 'ok' ? colours.ink : colours.muted}">${xmlText(shown)}</text>`,
    );
  }
  if (params) parts.push(`<text x="${right}" y="${y + 65}" font-size="11" text-anchor="end" fill="${colours.muted}">${xmlText(params)}</text>`);
  if (error)
    parts.push(
      `<g class="error-mark"><circle cx="${right - 6}" cy="${y + 18}" r="9" fill="${colours.danger}"/>`,
      `<text x="${right - 6}" y="${y + 22.5}" font-size="13" font-weight="700" text-anchor="middle" fill="${colours.box}">!</text></g>`,
    );
  parts.push('</g>');
  return parts.join('\n');
}

/** The diagram as an SVG document. */
export function diagramSvg(graph: NetworkGraph, analysis: GraphAnalysis, options: DiagramOptions = {}): string {
  const theme = options.theme ?? 'light';
  const colours = DIAGRAM_PALETTES[theme];
  const { at, routes } = placement(graph, options.layout ?? 'canvas');
  const xs = [...at.values()].map((p) => p.x);
  const ys = [...at.values()].map((p) => p.y);
  const minX = xs.length ? Math.min(...xs) : 0;
  const minY = ys.length ? Math.min(...ys) : 0;
  const width = (xs.length ? Math.max(...xs) - minX + NODE_WIDTH : NODE_WIDTH) + 2 * MARGIN;
  const bottoms = graph.nodes.map((n) => at.get(n.id)!.y + boxHeight(analysis.nodes[n.id]));
  const height = (ys.length ? Math.max(...bottoms) - minY : NODE_HEIGHT) + 2 * MARGIN;
  // Everything moved so that the top-left box starts at the margin.
  const shift = (p: Point) => ({ x: p.x - minX + MARGIN, y: p.y - minY + MARGIN });
  const place = (id: string) => {
    const p = shift(at.get(id)!);
    return { x: Math.round(p.x), y: Math.round(p.y) };
  };
  const ids = new Set(graph.nodes.map((n) => n.id));
  const edges = graph.edges.filter((e) => e.source !== e.target && ids.has(e.source) && ids.has(e.target));
  const arrow = `arrow-${theme}`;
  const paths = graph.nodes.flatMap((target) => {
    // A merge's inputs arrive side by side along its top, left to right as their sources are.
    const incoming = edges.filter((e) => e.target === target.id).sort((a, b) => place(a.source).x - place(b.source).x);
    const t = place(target.id);
    return incoming.map((e, i) => {
      // Out of the source's bottom, into the target's top, as the canvas' handles are.
      const s = place(e.source);
      const x1 = s.x + NODE_WIDTH / 2;
      const y1 = s.y + boxHeight(analysis.nodes[e.source]);
      const x2 = t.x + (NODE_WIDTH * (i + 1)) / (incoming.length + 1);
      const y2 = t.y;
      const attributes = `class="edge" data-edge-id="${xmlText(e.id)}" fill="none" stroke="${colours.edge}" stroke-width="1.5" marker-end="url(#${arrow})"`;
      const route = routes.get(e.id);
      if (route && route.length > 2) {
        // dagre's bends between the two ends, which leave and arrive vertically.
        const bends = route.slice(1, -1).map(shift);
        return `<path d="${routePath([{ x: x1, y: y1 }, { x: x1, y: y1 + PORT }, ...bends, { x: x2, y: y2 - PORT }, { x: x2, y: y2 }])}" ${attributes}/>`;
      }
      const bend = Math.max(30, Math.abs(y2 - y1) / 2);
      return `<path d="M${x1},${y1} C${x1},${y1 + bend} ${x2},${y2 - bend} ${x2},${y2}" ${attributes}/>`;
    });
  });
  const boxes = graph.nodes.map((node, i) => nodeBox({ n: analysis.nodes[node.id], node, at: place(node.id), clip: `clip-${theme}-${i}` }, colours, analysis));
  return [
    '<?xml version="1.0" encoding="UTF-8"?>',
    `<svg xmlns="http://www.w3.org/2000/svg" width="${width}" height="${height}" viewBox="0 0 ${width} ${height}" font-family="${xmlText(FONT)}" data-theme="${theme}">`,
    `<title>${xmlText(options.name ?? 'model')}</title>`,
    `<defs><marker id="${arrow}" viewBox="0 0 10 10" refX="10" refY="5" markerWidth="9" markerHeight="9" markerUnits="userSpaceOnUse" orient="auto"><path d="M0,0 L10,5 L0,10 z" fill="${colours.edge}"/></marker></defs>`,
    `<rect class="background" x="0" y="0" width="${width}" height="${height}" fill="${colours.background}"/>`,
    ...paths,
    ...boxes,
    '</svg>',
    '',
  ].join('\n');
}
