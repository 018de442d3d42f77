// Messages between the page and the decoder worker (decoderWorker.ts). Plain data only: what
// structured clone carries. The embedding crosses once per asset, not once per click.
import type { DecoderFile, DecoderRun } from "./decoder";
import type { SamConfig, Step } from "./protocol";

export type ToWorker =
  | { readonly type: "init"; readonly id: number; readonly file: DecoderFile; readonly config: SamConfig; readonly shape: readonly number[] }
  /** The embedding's image-only work (SamDecoder.prepare), before its first click. */
  | { readonly type: "prepare"; readonly id: number; readonly embeddingKey: number; readonly embedding?: Float32Array; readonly shape: readonly number[] }
  | {
      readonly type: "run";
      readonly id: number;
      /** Names the embedding; `embedding` comes with it only the first time the worker sees this key. */
      readonly embeddingKey: number;
      readonly embedding?: Float32Array;
      readonly shape: readonly number[];
      readonly step: Step;
      readonly height: number;
      readonly width: number;
      readonly previous: Float32Array | null;
    };

export type FromWorker =
  | { readonly id: number; readonly ok: true; readonly run?: DecoderRun }
  | { readonly id: number; readonly ok: false; readonly message: string };
