/**
 * The network graph as the app stores and exchanges it: layer nodes with typed params, and edges.
 * Pure data (JSON-serialisable) so it crosses IPC, workers and project files unchanged.
 */
export type LayerParams = Record<string, ParamValue>;
export type ParamValue = number | string | boolean | null | number[] | number[][];

export interface GraphNode {
  /** Stable id, unique in the graph; used for React Flow ids and `data-testid`s. */
  id: string;
  /** Layer type as registered (Keras class name, e.g. `Dense`). */
  type: string;
  /** User-visible name (Keras `name`). */
  name: string;
  params: LayerParams;
  /** Canvas position; irrelevant to the maths. */
  position?: { x: number; y: number };
  /**
   * Weights this layer starts from instead of its random initializer (the course's custom
   * `kernel_initializer`: a Sobel kernel, a kernel sent from the Filter Lab), by weight name.
   */
  weights?: Record<string, FixedWeight>;
}

/** A small weight tensor written by hand: `values` row-major in Keras layout (`kernel`: kh × kw × cin × cout). */
export interface FixedWeight {
  shape: number[];
  values: number[];
}

export interface GraphEdge {
  id: string;
  source: string;
  target: string;
}

export interface NetworkGraph {
  nodes: GraphNode[];
  edges: GraphEdge[];
}
