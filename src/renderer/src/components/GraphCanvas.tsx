import {
  Background,
  Controls,
  ReactFlow,
  ReactFlowProvider,
  useReactFlow,
  useStore,
  useStoreApi,
  type Connection,
  type Edge,
  type EdgeChange,
  type FinalConnectionState,
  type NodeChange,
} from '@xyflow/react';
import { useCallback, useEffect, useMemo, useRef, useState, type DragEvent } from 'react';
import { connectionProblem, moveNodes, type Position } from '../../../shared/editing/edit';
import { isSourceType } from '../../../shared/engine/registry';
import type { NetworkGraph } from '../../../shared/graph/graph';
import { NODE_HEIGHT, NODE_WIDTH } from '../../../shared/editing/layout';
import { useHomeworkStore } from '../store/homework-store';
import { useDocumentStore } from '../store/document-store';
import { showNotice } from '../store/notice-store';
import { useAnalysis } from '../store/use-analysis';
import { LayerNode, type LayerFlowNode } from './LayerNode';
import { createFlowNodeCache } from './flow-nodes';
import { LAYER_DRAG_TYPE } from './Palette';
import { CanvasMiniMap } from './CanvasMiniMap';
import { boundsOf, inView, openingViewport, sameViewport } from './view-fit';

/** Below this zoom node text is unreadable: a long network opens at this zoom from its top instead. */
const READABLE_ZOOM = 0.6;
const HOMEWORK_ZOOM = 0.9;
const VIEW_PADDING_PX = 24;

const nodeTypes = { layer: LayerNode };

export function GraphCanvas() {
  return (
    <ReactFlowProvider>
      <Canvas />
    </ReactFlowProvider>
  );
}

/** Fits the view to each newly loaded graph; `onFitted` says which revision is on screen (for tests and focus). */
function FitOnLoad({ onFitted }: { onFitted(revision: number): void }) {
  const revision = useDocumentStore((s) => s.graphRevision);
  const store = useStoreApi();
  const { setViewport } = useReactFlow();
  useEffect(() => {
    // Instant, not animated: a click right after loading must land where the user sees the graph. The view is
    // computed from the layers' boxes, the layout's where not yet measured (React Flow renders only what is on
    // screen, so a layer off screen is never measured); once the layers then in view are measured, it is
    // computed again, until it no longer moves (a frame or two).
    let frame = 0;
    let waited = 0;
    let moves = 0;
    const step = () => {
      frame = requestAnimationFrame(step);
      const s = store.getState();
      const [x, y, zoom] = s.transform;
      const view = { x, y, zoom };
      const boxes = [...s.nodeLookup.values()].map((n) => ({
        x: n.internals.positionAbsolute.x,
        y: n.internals.positionAbsolute.y,
        width: n.measured.width ?? n.initialWidth ?? NODE_WIDTH,
        height: n.measured.height ?? n.initialHeight ?? NODE_HEIGHT,
        measured: n.measured.width !== undefined,
      }));
      const bounds = boundsOf(boxes);
      const pending = !s.width || !s.height || !bounds || boxes.some((b) => !b.measured && inView(b, s.width, s.height, view));
      if (pending && ++waited < 60) return;
      if (bounds && s.width && s.height) {
        // Answers are typed on the nodes: a homework needs a zoom its fields can be read and typed at.
        const readableZoom = useHomeworkStore.getState().session ? HOMEWORK_ZOOM : READABLE_ZOOM;
        const target = openingViewport(bounds, s.width, s.height, { padding: 0.1, minZoom: s.minZoom, maxZoom: 1.2, readableZoom, marginPx: VIEW_PADDING_PX });
        if (!sameViewport(target, view) && ++moves <= 4) {
          waited = 0;
          void setViewport(target);
          return;
        }
      }
      cancelAnimationFrame(frame);
      onFitted(revision);
    };
    frame = requestAnimationFrame(step);
    return () => cancelAnimationFrame(frame);
  }, [revision, store, setViewport, onFitted]);
  return null;
}

/** The connection under a screen point (React Flow draws a wide invisible hit path on each). */
function edgeAt(x: number, y: number): string | null {
  for (const el of document.elementsFromPoint(x, y)) {
    const edge = el.closest<SVGGElement>('.react-flow__edge');
    if (edge?.dataset.id) return edge.dataset.id;
  }
  return null;
}

/** Applies React Flow's select changes to a selection; null when none of the changes is a selection. */
function toggled(selection: string[], changes: (NodeChange<LayerFlowNode> | EdgeChange)[]): string[] | null {
  const selected = new Set(selection);
  let changed = false;
  for (const change of changes) {
    if (change.type !== 'select') continue;
    changed = true;
    if (change.selected) selected.add(change.id);
    else selected.delete(change.id);
  }
  return changed ? [...selected] : null;
}

/**
 * A layer selected off-screen (from the summary, added from the palette, pasted) is brought into view,
 * at the same zoom: only what is on screen is rendered, and the user should see what they picked.
 */
function RevealSelection() {
  const selected = useDocumentStore((s) => (s.selectedNodeIds.length === 1 ? s.selectedNodeIds[0] : undefined));
  const { getInternalNode, getViewport, setCenter } = useReactFlow();
  const width = useStore((s) => s.width);
  const height = useStore((s) => s.height);
  useEffect(() => {
    if (!selected || !width || !height) return;
    // After the frame that renders a newly added layer, so its place is known.
    const frame = requestAnimationFrame(() => {
      const node = getInternalNode(selected);
      if (!node) return;
      const { x, y, zoom } = getViewport();
      const w = node.measured.width ?? NODE_WIDTH;
      const h = node.measured.height ?? NODE_HEIGHT;
      const { x: left, y: top } = node.internals.positionAbsolute;
      // Only a layer wholly out of view: one at the edge stays put (it may be about to be dragged).
      const visible = (left + w) * zoom + x > 0 && (top + h) * zoom + y > 0 && left * zoom + x < width && top * zoom + y < height;
      if (!visible) void setCenter(left + w / 2, top + h / 2, { zoom });
    });
    return () => cancelAnimationFrame(frame);
  }, [selected, width, height, getInternalNode, getViewport, setCenter]);
  return null;
}

function Canvas() {
  const graph = useDocumentStore((s) => s.graph);
  const selectedNodeIds = useDocumentStore((s) => s.selectedNodeIds);
  const selectedEdgeIds = useDocumentStore((s) => s.selectedEdgeIds);
  const revision = useDocumentStore((s) => s.graphRevision);
  const [fittedRevision, setFittedRevision] = useState(-1);
  const { applyTransient, endTransient, select, addLayerAt, connectLayers } = useDocumentStore.getState();
  const analysis = useAnalysis();
  const { screenToFlowPosition } = useReactFlow();
  const dragStart = useRef<NetworkGraph | null>(null);
  // Measured node sizes live here, not in the graph: they are view state (the minimap and fitView need them).
  const [measured, setMeasured] = useState<ReadonlyMap<string, { width: number; height: number }>>(new Map());

  const [toFlowNodes] = useState(createFlowNodeCache);
  const nodes = useMemo(() => toFlowNodes(graph, selectedNodeIds, measured), [toFlowNodes, graph, selectedNodeIds, measured]);

  // Which connections the analysis flags, as a key: an edit that changes shapes but no connection's
  // problem leaves the edges array as it was, so React Flow keeps its connection lookup.
  const flaggedKey = useMemo(
    () =>
      analysis.diagnostics
        .filter((d) => d.edgeId)
        .map((d) => d.edgeId)
        .join(' '),
    [analysis],
  );
  const edges = useMemo<Edge[]>(() => {
    const selected = new Set(selectedEdgeIds);
    const flagged = new Set(flaggedKey.split(' '));
    return graph.edges.map((e) => ({
      id: e.id,
      source: e.source,
      target: e.target,
      selected: selected.has(e.id),
      className: flagged.has(e.id) ? 'edge--error' : undefined,
    }));
  }, [graph.edges, selectedEdgeIds, flaggedKey]);

  // Controlled mode: React Flow reports drags and clicks as changes; the store is the source of truth.
  const onNodesChange = useCallback(
    (changes: NodeChange<LayerFlowNode>[]) => {
      const positions = new Map<string, Position>();
      const sizes = new Map<string, { width: number; height: number }>();
      for (const change of changes) {
        if (change.type === 'dimensions' && change.dimensions) sizes.set(change.id, change.dimensions);
        if (change.type === 'position' && change.position) positions.set(change.id, change.position);
      }
      if (sizes.size) setMeasured((previous) => new Map([...previous, ...sizes]));
      if (positions.size) applyTransient((g) => moveNodes(g, positions));
      const state = useDocumentStore.getState();
      const nodesSelected = toggled(state.selectedNodeIds, changes);
      if (nodesSelected) select(nodesSelected, state.selectedEdgeIds);
    },
    [applyTransient, select],
  );
  const onEdgesChange = useCallback(
    (changes: EdgeChange[]) => {
      const state = useDocumentStore.getState();
      const edgesSelected = toggled(state.selectedEdgeIds, changes);
      if (edgesSelected) select(state.selectedNodeIds, edgesSelected);
    },
    [select],
  );

  const isValidConnection = useCallback((c: Connection | Edge) => connectionProblem(useDocumentStore.getState().graph, c.source, c.target) === null, []);
  const onConnect = useCallback((c: Connection) => connectLayers(c.source, c.target), [connectLayers]);
  const onConnectEnd = useCallback((_event: MouseEvent | TouchEvent, state: FinalConnectionState) => {
    if (state.isValid || !state.fromNode || !state.toNode) return;
    const problem = connectionProblem(useDocumentStore.getState().graph, state.fromNode.id, state.toNode.id);
    if (problem) showNotice({ kind: 'info', text: `Not connected: ${problem}` });
  }, []);

  // Stable handlers: React Flow copies a changed handler into its store, an update every selector there re-runs for.
  const onNodeDragStart = useCallback(() => (dragStart.current = useDocumentStore.getState().graph), []);
  const onNodeDragStop = useCallback(() => {
    if (dragStart.current) endTransient(dragStart.current);
    dragStart.current = null;
  }, [endTransient]);

  const onDragOver = useCallback((event: DragEvent) => {
    event.preventDefault();
    event.dataTransfer.dropEffect = 'move';
  }, []);
  const onDrop = useCallback(
    (event: DragEvent) => {
      event.preventDefault();
      const type = event.dataTransfer.getData(LAYER_DRAG_TYPE);
      if (type) addLayerAt(type, screenToFlowPosition({ x: event.clientX - 90, y: event.clientY - 20 }), edgeAt(event.clientX, event.clientY));
    },
    [addLayerAt, screenToFlowPosition],
  );

  return (
    <div className="canvas" data-testid="graph-canvas" data-view={fittedRevision === revision ? 'fitted' : 'fitting'} onDragOver={onDragOver} onDrop={onDrop}>
      <ReactFlow
        nodes={nodes}
        edges={edges}
        nodeTypes={nodeTypes}
        onNodesChange={onNodesChange}
        onEdgesChange={onEdgesChange}
        onNodeDragStart={onNodeDragStart}
        onNodeDragStop={onNodeDragStop}
        onConnect={onConnect}
        onConnectEnd={onConnectEnd}
        isValidConnection={isValidConnection}
        deleteKeyCode={null}
        multiSelectionKeyCode="Shift"
        selectionKeyCode="Shift"
        selectionOnDrag={false}
        colorMode="system"
        minZoom={0.05}
        onlyRenderVisibleElements
        proOptions={{ hideAttribution: false }}
      >
        <Background gap={16} />
        <Controls />
        <CanvasMiniMap />
        <FitOnLoad onFitted={setFittedRevision} />
        <RevealSelection />
      </ReactFlow>
      {graph.nodes.every((n) => isSourceType(n.type)) && (
        <div className="canvas__empty" data-testid="canvas-hint">
          {graph.nodes.length === 0
            ? 'Drag an InputLayer here from the palette to start.'
            : 'Drag a layer from the palette onto the canvas, or double-click one to add it after the selected layer.'}
        </div>
      )}
    </div>
  );
}
