/**
 * The first-start welcome: where a newcomer can begin (a small MNIST CNN that trains in seconds,
 * the course's networks, the lessons, the Filter Lab). Escape or "Just explore" closes it; it does
 * not come back once closed, and the toolbar's "Welcome" command reopens it.
 */
import { useEffect, useRef } from 'react';
import { useProjectStore } from '../../store/project-store';
import { useTrainingStore } from '../../store/training-store';
import { useUiStore } from '../../store/ui-store';
import { markWelcomed } from './first-start';
import './welcome.css';

/** A first run that finishes in well under a minute: a tenth of MNIST, two epochs. */
export const QUICK_START = { datasetId: 'mnist', options: { epochs: 2, trainLimit: 6000, testLimit: 1000 } } as const;

interface Choice {
  testId: string;
  title: string;
  detail: string;
  run(): void;
}

export function Welcome({ onClose }: { onClose(): void }) {
  const dialogRef = useRef<HTMLDivElement>(null);
  const close = () => {
    markWelcomed();
    onClose();
  };
  useEffect(() => {
    dialogRef.current?.querySelector<HTMLButtonElement>('button')?.focus();
  }, []);
  const app = useProjectStore.getState();
  const ui = useUiStore.getState();
  const choices: Choice[] = [
    {
      testId: 'welcome-mnist',
      title: 'Start with a small MNIST CNN',
      detail: 'Two convolutions and a dense layer on 28×28 digits, ready to train on 6,000 MNIST images (about 20 s here).',
      run: () => {
        app.newFromTemplate('mnist-cnn');
        useTrainingStore
          .getState()
          .updateSetup({ datasetId: QUICK_START.datasetId, options: { ...QUICK_START.options, loss: 'sparseCategoricalCrossentropy' } });
        ui.setView('editor');
        ui.setSidebarTab('train');
      },
    },
    {
      testId: 'welcome-homework',
      title: 'Homework: dimensions',
      detail: "The course's homework network: every layer's shape and parameter count, with the arithmetic.",
      run: () => {
        app.newFromTemplate('homework');
        ui.setView('editor');
        ui.setSidebarTab('design');
      },
    },
    {
      testId: 'welcome-fashion',
      title: 'Fashion-MNIST CNN',
      detail: "The course's CNN for clothes (1.4 M parameters), to train with Adam and early stopping.",
      run: () => {
        app.newFromTemplate('fashion-mnist');
        ui.setView('editor');
        ui.setSidebarTab('design');
      },
    },
    {
      testId: 'welcome-lessons',
      title: 'Lessons',
      detail: 'Cross-correlation by hand, padding, stride, pooling, receptive fields — step by step.',
      run: () => ui.setView('lessons'),
    },
    { testId: 'welcome-lab', title: 'Filter Lab', detail: 'Apply Sobel, Gaussian, Gabor and your own kernels to photos.', run: () => ui.setView('lab') },
  ];
  return (
    <div className="welcome-backdrop" onPointerDown={(e) => e.target === e.currentTarget && close()}>
      <div
        ref={dialogRef}
        className="welcome"
        role="dialog"
        aria-modal="true"
        aria-labelledby="welcome-title"
        data-testid="welcome"
        onKeyDown={(e) => {
          if (e.key === 'Escape') {
            e.stopPropagation();
            close();
          }
        }}
      >
        <h1 id="welcome-title">Welcome to CNN Studio</h1>
        <p className="muted">
          Build a convolutional network by dragging layers, see every shape and parameter count, train it and look inside. Where would you like to start?
        </p>
        <div className="welcome__choices">
          {choices.map((c) => (
            <button
              key={c.testId}
              data-testid={c.testId}
              className="welcome__choice"
              onClick={() => {
                c.run();
                close();
              }}
            >
              <strong>{c.title}</strong>
              <span>{c.detail}</span>
            </button>
          ))}
        </div>
        <div className="welcome__footer">
          <button data-testid="welcome-close" onClick={close}>
            Just explore
          </button>
        </div>
      </div>
    </div>
  );
}
