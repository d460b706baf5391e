/**
 * The open network: its undo history, the selection and the clipboard. Every graph change goes
 * through `applyEdit`, so undo covers all of them; compound edits (palette insertion, the Filter
 * Lab's kernel, lesson 9's chain) come from `shared/editing` and are one undo step each.
 */
import { create } from 'zustand';
import { addKernelConv, addLayerChain, insertFromPalette, type KernelLayerSpec } from '../../../shared/editing/compound';
import { dropLayer } from '../../../shared/editing/drop';
import * as edit from '../../../shared/editing/edit';
import { commit, createHistory, redo, replacePresent, undo, type History } from '../../../shared/editing/history';
import { autoLayout } from '../../../shared/editing/layout';
import type { LayerParams, NetworkGraph, ParamValue } from '../../../shared/graph/graph';
import { smallMnistCnn } from '../../../shared/templates/course-networks';
import { showNotice } from './notice-store';

export type LockReason = 'training' | 'homework';

const LOCK_NOTICES: Record<LockReason, string> = {
  training: 'The network is locked while it trains: stop the run to edit it.',
  homework: 'The network of a homework cannot be changed: Leave homework (Homework menu) to edit networks again.',
};

export interface DocumentState {
  history: History<NetworkGraph>;
  /** = history.present, kept as its own field for cheap selectors. */
  graph: NetworkGraph;
  selectedNodeIds: string[];
  selectedEdgeIds: string[];
  clipboard: edit.Fragment | null;
  /** Bumped when a different graph is loaded (or laid out), so the canvas re-fits its view. */
  graphRevision: number;
  /** Set while a run trains or a homework is open: edits other than layout are refused with a notice. */
  locked: boolean;
  /** Why it is locked (each reason on its own: a run ending does not unlock a homework). */
  lockedBy: readonly LockReason[];

  setLocked(locked: boolean, reason?: LockReason): void;
  /** A different graph: a fresh history, nothing selected, the view re-fitted. */
  resetDocument(graph: NetworkGraph): void;
  /** Applies an edit as one undo step (`coalesceKey`: merge with the previous edit of the same key). */
  applyEdit(update: (graph: NetworkGraph) => NetworkGraph, coalesceKey?: string, layoutOnly?: boolean): void;
  /** Applies an edit without an undo step (drag in progress); `endTransient` records it. */
  applyTransient(update: (graph: NetworkGraph) => NetworkGraph): void;
  endTransient(before: NetworkGraph): void;
  undo(): void;
  redo(): void;
  select(nodeIds: string[], edgeIds?: string[]): void;
  /** Edits sharing `session` (one focus of one field) form one undo step. */
  setParam(nodeId: string, key: string, value: ParamValue, session?: number): void;
  renameNode(nodeId: string, name: string): void;
  /** A palette drop: onto a connection, below the selected layer (wired after it), or alone. */
  addLayerAt(type: string, position: edit.Position, edgeId?: string | null): void;
  /** Double-click in the palette: on the selected connection, else after the selected layer. */
  addFromPalette(type: string): void;
  connectLayers(source: string, target: string): void;
  autoLayout(): void;
  deleteSelection(): void;
  copySelection(): void;
  paste(): void;
  duplicateSelection(): void;
  /** The Filter Lab's kernel(s) as a Conv2D with fixed weights, after the selected (or last image) layer. */
  addKernelLayer(spec: KernelLayerSpec): string | null;
  /** Layers chained after `afterId` with their parameters, as one undo step (the selection stays); their ids. */
  addLayers(afterId: string, layers: readonly { type: string; params: LayerParams }[]): string[];
}

const initial = autoLayout(smallMnistCnn());

export const useDocumentStore = create<DocumentState>()((set, get) => {
  function setHistory(history: History<NetworkGraph>) {
    set({ history, graph: history.present });
  }
  /** Applies `update` as one edit and returns what it made (ids), for the caller to select. */
  function editReturning<T>(update: (graph: NetworkGraph) => { graph: NetworkGraph; result: T }): T | undefined {
    let result: T | undefined;
    get().applyEdit((g) => {
      const out = update(g);
      result = out.result;
      return out.graph;
    });
    return result;
  }

  return {
    history: createHistory(initial),
    graph: initial,
    selectedNodeIds: [],
    selectedEdgeIds: [],
    clipboard: null,
    graphRevision: 0,
    locked: false,
    lockedBy: [],

    setLocked: (locked, reason = 'training') => {
      const { lockedBy } = get();
      if (locked === lockedBy.includes(reason)) return;
      const next = locked ? [...lockedBy, reason] : lockedBy.filter((r) => r !== reason);
      set({ lockedBy: next, locked: next.length > 0 });
    },

    resetDocument(graph) {
      set({ history: createHistory(graph), graph, selectedNodeIds: [], selectedEdgeIds: [], graphRevision: get().graphRevision + 1 });
    },

    applyEdit(update, coalesceKey, layoutOnly = false) {
      const { history, locked, lockedBy } = get();
      if (!layoutOnly && locked) return showNotice({ kind: 'info', text: LOCK_NOTICES[lockedBy[0]!] });
      const next = update(history.present);
      if (next !== history.present) setHistory(commit(history, next, coalesceKey ?? null));
    },

    applyTransient(update) {
      const { history } = get();
      const next = update(history.present);
      if (next !== history.present) setHistory(replacePresent(history, next));
    },

    endTransient(before) {
      const { history } = get();
      if (before === history.present) return;
      // Record the whole drag as one step from `before`.
      setHistory(commit({ ...history, present: before }, history.present));
    },

    undo: () => setHistory(undo(get().history)),
    redo: () => setHistory(redo(get().history)),

    select(nodeIds, edgeIds = []) {
      set({ selectedNodeIds: nodeIds, selectedEdgeIds: edgeIds });
    },

    setParam(nodeId, key, value, session) {
      get().applyEdit((g) => edit.setParam(g, nodeId, key, value), session === undefined ? undefined : `param:${nodeId}:${key}:${session}`);
    },

    renameNode(nodeId, name) {
      get().applyEdit((g) => edit.rename(g, nodeId, name), `rename:${nodeId}`);
    },

    addLayerAt(type, position, edgeId) {
      const { selectedNodeIds } = get();
      const id = editReturning((g) => {
        const added = dropLayer(g, type, position, { edgeId, selectedNodeId: selectedNodeIds.length === 1 ? selectedNodeIds[0] : null });
        return { graph: added.graph, result: added.id };
      });
      set({ selectedNodeIds: id ? [id] : [], selectedEdgeIds: [] });
    },

    addFromPalette(type) {
      const { selectedNodeIds, selectedEdgeIds } = get();
      const id = editReturning((g) => {
        const added = insertFromPalette(g, type, { nodeIds: selectedNodeIds, edgeIds: selectedEdgeIds });
        return { graph: added.graph, result: added.id };
      });
      set({ selectedNodeIds: id ? [id] : [], selectedEdgeIds: [] });
    },

    connectLayers(source, target) {
      get().applyEdit((g) => edit.connect(g, source, target));
    },

    autoLayout() {
      get().applyEdit(autoLayout, undefined, true);
      set({ graphRevision: get().graphRevision + 1 });
    },

    deleteSelection() {
      const { selectedNodeIds, selectedEdgeIds } = get();
      get().applyEdit((g) => edit.removeElements(g, selectedNodeIds, selectedEdgeIds));
      set({ selectedNodeIds: [], selectedEdgeIds: [] });
    },

    copySelection() {
      const { graph, selectedNodeIds } = get();
      if (selectedNodeIds.length) set({ clipboard: edit.copyFragment(graph, selectedNodeIds) });
    },

    paste() {
      const { clipboard } = get();
      if (!clipboard) return;
      const offset = edit.pasteOffset(clipboard);
      const ids = editReturning((g) => {
        const pasted = edit.pasteFragment(g, clipboard, offset);
        return { graph: pasted.graph, result: pasted.ids };
      });
      // Paste again lands further along, not on top of the first copy.
      set({
        selectedNodeIds: ids ?? [],
        selectedEdgeIds: [],
        clipboard: {
          ...clipboard,
          nodes: clipboard.nodes.map((n) => ({ ...n, position: n.position && { x: n.position.x + offset.x, y: n.position.y + offset.y } })),
        },
      });
    },

    duplicateSelection() {
      const { graph, selectedNodeIds } = get();
      if (!selectedNodeIds.length) return;
      const fragment = edit.copyFragment(graph, selectedNodeIds);
      const ids = editReturning((g) => {
        const pasted = edit.pasteFragment(g, fragment, edit.pasteOffset(fragment));
        return { graph: pasted.graph, result: pasted.ids };
      });
      set({ selectedNodeIds: ids ?? [], selectedEdgeIds: [] });
    },

    addKernelLayer(spec) {
      const id = editReturning((g) => {
        const added = addKernelConv(g, spec, get().selectedNodeIds[0] ?? null);
        return { graph: added.graph, result: added.id };
      });
      if (id) set({ selectedNodeIds: [id], selectedEdgeIds: [] });
      return id ?? null;
    },

    addLayers(afterId, layers) {
      // One undo step; the selection stays as it was.
      return (
        editReturning((g) => {
          const added = addLayerChain(g, afterId, layers);
          return { graph: added.graph, result: added.ids };
        }) ?? []
      );
    },
  };
});
