import { useState } from 'react';
import { analyzeGraph } from '../../../../shared/engine/analyze';
import { isSourceType } from '../../../../shared/engine/registry';
import { homeworkNet, mnistHomeworkNet } from '../../../../shared/templates/course-networks';
import { LessonFrame } from './LessonFrame';

const EXERCISES = [
  { id: 'homework', title: 'Exercise 1: a 32×32 RGB image through strided, padded convolutions and pooling', build: homeworkNet },
  { id: 'mnist-homework', title: 'Exercise 2: three stride-2 convolutions and a dense classifier on MNIST', build: mnistHomeworkNet },
];

const shapeText = (shape: number[] | null | undefined) => (shape ? shape.join(' × ') : '—');

/** The course's dimension exercises: work out each layer's output shape and parameters, then reveal the answer. */
export function Lesson10() {
  const [exercise, setExercise] = useState(EXERCISES[0]!);
  const [revealed, setRevealed] = useState<Set<string>>(new Set());
  const graph = exercise.build();
  const analysis = analyzeGraph(graph);
  const rows = analysis.order
    .map((id) => ({ node: graph.nodes.find((n) => n.id === id)!, result: analysis.nodes[id]! }))
    .filter((r) => !isSourceType(r.node.type));
  const input = graph.nodes.find((n) => isSourceType(n.type))!;
  const reveal = (id: string) => setRevealed(new Set([...revealed, id]));
  const result = rows.some((r) => revealed.has(r.node.id))
    ? rows
        .filter((r) => revealed.has(r.node.id))
        .map((r) => `${r.node.name}: ${shapeText(r.result.shape)}, ${r.result.params.total.toLocaleString('en-US')} parameters`)
        .join('\n')
    : 'Work out each layer, then reveal it to check.';
  return (
    <LessonFrame
      n={10}
      intro={
        <p>
          For each layer, write down its output shape (Keras convention, batch left out) and its number of parameters. Reveal a layer to compare: the app shows
          the answer with the arithmetic that produces it.
        </p>
      }
      result={result}
      source="001 and 002 (homework)"
    >
      <label className="option option--wide">
        <span>Exercise</span>
        <select
          data-testid="lesson-exercise"
          value={exercise.id}
          onChange={(e) => {
            setExercise(EXERCISES.find((x) => x.id === e.target.value)!);
            setRevealed(new Set());
          }}
        >
          {EXERCISES.map((x) => (
            <option key={x.id} value={x.id}>
              {x.title}
            </option>
          ))}
        </select>
      </label>
      <p>
        Input: <strong>{shapeText(input.params.shape as number[])}</strong>{' '}
        <button className="link" data-testid="lesson-reveal-all" onClick={() => setRevealed(new Set(rows.map((r) => r.node.id)))}>
          reveal all
        </button>
      </p>
      <table className="lesson-table homework">
        <thead>
          <tr>
            <th>layer</th>
            <th>settings</th>
            <th>output shape</th>
            <th>parameters</th>
            <th>arithmetic</th>
          </tr>
        </thead>
        <tbody>
          {rows.map(({ node, result: r }) => {
            const shown = revealed.has(node.id);
            return (
              <tr key={node.id} data-testid={`homework-row-${node.id}`}>
                <td>
                  {node.name} <span className="muted">{node.type}</span>
                </td>
                <td className="muted">{JSON.stringify(node.params).replace(/[{}"]/g, '').replace(/,/g, ', ')}</td>
                <td>{shown ? shapeText(r.shape) : '?'}</td>
                <td>{shown ? r.params.total.toLocaleString('en-US') : '?'}</td>
                <td>
                  {shown ? (
                    <ul className="homework__trace" data-testid={`homework-trace-${node.id}`}>
                      {r.trace.map((t, i) => (
                        <li key={i}>
                          <span className="homework__trace-label">{t.label}:</span> {t.text}
                        </li>
                      ))}
                    </ul>
                  ) : (
                    <button data-testid={`lesson-reveal-${node.id}`} onClick={() => reveal(node.id)}>
                      Reveal
                    </button>
                  )}
                </td>
              </tr>
            );
          })}
        </tbody>
      </table>
    </LessonFrame>
  );
}
