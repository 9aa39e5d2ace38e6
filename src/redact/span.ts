/** A detected secret: input offsets `[start, end)`, a placeholder kind and the detector that found it. */
export interface Span {
  start: number;
  end: number;
  kind: string;
  detector: string;
  name?: string | undefined;
}
