/**
 * Nadam (Adam with Nesterov momentum), which the course trains with and tfjs lacks. The update is
 * Keras 3's `keras.optimizers.Nadam`, momentum schedule included:
 *   u_t = β1·(1 − ½·0.96^t),  Π_t = Π_{t−1}·u_t
 *   m ← β1·m + (1 − β1)·g,    v ← β2·v + (1 − β2)·g²
 *   m̂ = u_{t+1}·m/(1 − Π_{t+1}) + (1 − u_t)·g/(1 − Π_t),  v̂ = v/(1 − β2^t)
 *   θ ← θ − lr·m̂/(√v̂ + ε)
 */
import * as tf from '@tensorflow/tfjs';

export class NadamOptimizer extends tf.Optimizer {
  static get className(): string {
    return 'Nadam';
  }

  private step = 0;
  private uProduct = 1;
  private readonly slots = new Map<string, { m: tf.Variable; v: tf.Variable }>();

  constructor(
    public learningRate = 0.001,
    private readonly beta1 = 0.9,
    private readonly beta2 = 0.999,
    private readonly epsilon = 1e-7,
  ) {
    super();
  }

  override applyGradients(variableGradients: tf.NamedTensorMap | { name: string; tensor: tf.Tensor }[]): void {
    const pairs: [string, tf.Tensor][] = Array.isArray(variableGradients)
      ? variableGradients.map((v) => [v.name, v.tensor])
      : Object.entries(variableGradients);
    const t = this.step + 1;
    const uT = this.beta1 * (1 - 0.5 * 0.96 ** t);
    const uNext = this.beta1 * (1 - 0.5 * 0.96 ** (t + 1));
    const uProductT = this.uProduct * uT;
    const uProductNext = uProductT * uNext;
    const beta2Power = this.beta2 ** t;
    const registered = tf.engine().registeredVariables;
    tf.tidy(() => {
      for (const [name, gradient] of pairs) {
        const variable = registered[name];
        if (!variable || !gradient) continue;
        let slot = this.slots.get(name);
        if (!slot) {
          slot = { m: tf.variable(tf.zerosLike(variable), false), v: tf.variable(tf.zerosLike(variable), false) };
          this.slots.set(name, slot);
        }
        const m = slot.m.mul(this.beta1).add(gradient.mul(1 - this.beta1));
        const v = slot.v.mul(this.beta2).add(gradient.square().mul(1 - this.beta2));
        slot.m.assign(m);
        slot.v.assign(v);
        const mHat = m.mul(uNext / (1 - uProductNext)).add(gradient.mul((1 - uT) / (1 - uProductT)));
        const vHat = v.div(1 - beta2Power);
        variable.assign(variable.sub(mHat.mul(this.learningRate).div(vHat.sqrt().add(this.epsilon))));
      }
    });
    this.uProduct = uProductT;
    this.step = t;
    this.incrementIterations();
  }

  override dispose(): void {
    for (const { m, v } of this.slots.values()) {
      m.dispose();
      v.dispose();
    }
    this.slots.clear();
  }

  override getConfig(): tf.serialization.ConfigDict {
    return { learningRate: this.learningRate, beta1: this.beta1, beta2: this.beta2, epsilon: this.epsilon };
  }

  static override fromConfig<T extends tf.serialization.Serializable>(
    cls: tf.serialization.SerializableConstructor<T>,
    config: tf.serialization.ConfigDict,
  ): T {
    return new cls(config.learningRate, config.beta1, config.beta2, config.epsilon);
  }
}
tf.serialization.registerClass(NadamOptimizer);
