import { memo } from 'react';
import { Handle, Position, type NodeProps } from '@xyflow/react';
import { fmtInt, shapeText } from '../../../shared/engine/format';
import { isSourceType } from '../../../shared/engine/registry';
import { isAskable } from '../../../shared/homework/grade';
import { useHomeworkStore } from '../store/homework-store';
import { useLayerView } from '../store/use-analysis';
import { AnswerInput } from './homework/AnswerInput';
import type { LayerFlowNode } from './flow-nodes';

export type { LayerFlowNode };

/** One layer on the canvas: everything shown comes from the engine's analysis. */
export const LayerNode = memo(function LayerNode({ id }: NodeProps<LayerFlowNode>) {
  const { layer, analysis, blockedByName } = useLayerView(id);
  // Doing homework: what is asked of this layer is typed here instead of shown.
  const ask = useHomeworkStore((s) => s.session?.homework.ask);
  if (!layer) return null;
  const isInput = isSourceType(layer.type);
  const error = analysis?.diagnostics.find((d) => d.severity === 'error');
  const asked = ask && analysis && !isInput ? ask.filter((f) => isAskable(analysis, f)) : [];
  return (
    <div className={`layer-node family-${analysis?.family ?? 'unsupported'} status-${analysis?.status ?? 'ok'}`} data-testid={`layer-node-${layer.id}`}>
      {!isInput && <Handle type="target" position={Position.Top} />}
      <div className="layer-node__head">
        <span className="layer-node__name">{layer.name}</span>
        <span className="layer-node__type">{layer.type}</span>
      </div>
      {analysis?.shortForm && !isInput && <div className="layer-node__short">{analysis.shortForm}</div>}
      {asked.length > 0 ? (
        <div className="layer-node__answers">
          {asked.map((field) => (
            <AnswerInput key={field} layer={layer.name} field={field} testId={`homework-answer-${layer.name}-${field}`} compact />
          ))}
        </div>
      ) : (
        <div className="layer-node__numbers">
          <span className="layer-node__shape" data-testid="node-shape">
            {analysis?.shape ? shapeText(analysis.shape) : analysis?.status === 'blocked' ? '…' : '—'}
          </span>
          {analysis?.status === 'ok' && (
            <span className="layer-node__params">
              <span data-testid="node-params">{fmtInt(analysis.params.total)}</span> params
            </span>
          )}
        </div>
      )}
      {error && (
        <div className="layer-node__error" data-testid="node-error" data-code={error.code} title={`${error.message} ${error.fix}`}>
          {error.message}
        </div>
      )}
      {analysis?.status === 'blocked' && (
        <div className="layer-node__blocked" data-testid="node-blocked">
          waiting on {blockedByName}
        </div>
      )}
      <Handle type="source" position={Position.Bottom} />
    </div>
  );
});
