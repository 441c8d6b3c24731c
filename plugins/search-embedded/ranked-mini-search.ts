import MiniSearch, { type Options } from 'minisearch';

/** MiniSearch's defaults, which `search()` would use: BM25+ parameters and the weights of derived terms. */
const BM25 = { k: 1.2, b: 0.7, d: 0.5 };
const PREFIX_WEIGHT = 0.375;
const FUZZY_WEIGHT = 0.45;
/** Above this many wanted hits a full sort beats keeping a sorted top list. */
const PARTIAL_SORT_LIMIT = 256;
const REJECTED = -1;

type DocumentTermFreqs = Map<number, number>;
type FieldTermData = Map<number, DocumentTermFreqs>;

export interface RankQuery {
  q: string;
  fields?: string[];
  /** Match word prefixes. */
  prefix: boolean;
  /** Edit distance allowed for a query term (0 for none). */
  maxTypos: (term: string) => number;
  /** Whether a document (by its short id) may be returned; asked at most once per document. */
  accept: (shortId: number) => boolean;
  /** The partitions (from `partitionOf`) the query is limited to: term statistics are computed over them alone. */
  partitions?: string[];
  offset: number;
  limit: number;
  /** Called once for every document that matches the whole query, whatever page is wanted (facet counts). */
  onMatch?: (shortId: number) => void;
}

export interface RankedPage {
  /** Short ids best first, with the score divided by the best one. */
  hits: Array<{ shortId: number; relevanceScore: number }>;
  total: number;
}

/**
 * MiniSearch with a leaner search for pages: the same BM25+ scoring, prefix and fuzzy term
 * expansion and AND combination as `search()`, but accumulated in typed arrays indexed by the
 * short document id instead of a result object (with its match information) per matching
 * document, with filters applied before a document is scored, and only the wanted page picked
 * out instead of sorting every hit. Scores differ from `search()`'s only by a constant factor
 * (its "quality", the number of distinct query terms, which is the same for every AND hit).
 */
export class RankedMiniSearch<T = unknown> extends MiniSearch<T> {
  private readonly fieldCount: number;
  /** Per short id: 1 while the document is in the index (MiniSearch keeps a discarded one's postings until it vacuums). */
  private live = new Uint8Array(0);
  /** Per short id and field: the field's length in terms, as MiniSearch's `_fieldLength` map holds it, for a cheap lookup. */
  private lengths = new Uint32Array(0);
  private scores = new Float64Array(0);
  /** Per short id: how many query terms it matched so far, or REJECTED by the filter. */
  private marks = new Int32Array(0);
  /** The short ids the current query has marked (each once), so they can be listed and reset; a plain array's push is far slower. */
  private touched = new Int32Array(0);
  private touchedCount = 0;
  /** Per short id: its partition's number (see `partitionNumbers`). */
  private partition = new Int32Array(0);
  private readonly partitionNumbers = new Map<string, number>();
  /** Per partition number: live documents, and per field the sum of their lengths. */
  private readonly partitionDocs: number[] = [];
  private readonly partitionLengths: number[][] = [];
  /** Scratch for one term's postings within the query's partitions (a posting list never holds more than one per document). */
  private scopedIds = new Int32Array(0);
  private scopedFreqs = new Uint32Array(0);
  /** Per partition number: 1 while the current query covers it. */
  private inScope = new Uint8Array(0);

  constructor(
    options: Options<T>,
    /** Which partition a document belongs to, for statistics per partition; none when absent. */
    private readonly partitionOf?: (document: T) => string,
  ) {
    super(options);
    this.fieldCount = options.fields.length;
  }

  override add(document: T): void {
    super.add(document);
    const shortId = this._nextId - 1;
    this.ensureCapacity(this._nextId);
    this.live[shortId] = 1;
    const lengths = this._fieldLength.get(shortId) ?? [];
    for (let fieldId = 0; fieldId < this.fieldCount; fieldId++) this.lengths[shortId * this.fieldCount + fieldId] = lengths[fieldId] ?? 0;
    if (this.partitionOf) {
      const number = this.partitionNumber(this.partitionOf(document));
      this.partition[shortId] = number;
      this.countInPartition(shortId, number, 1);
    }
  }

  override discard(id: unknown): void {
    const shortId = this._idToShortId.get(id);
    super.discard(id);
    if (shortId !== undefined) this.markGone(shortId);
  }

  override remove(document: T): void {
    const shortId = this._idToShortId.get(this._options.extractField(document, this._options.idField));
    super.remove(document);
    if (shortId !== undefined) this.markGone(shortId);
  }

  override removeAll(documents?: readonly T[]): void {
    if (documents !== undefined) {
      super.removeAll(documents);
      return;
    }
    super.removeAll();
    this.live.fill(0);
    this.partitionDocs.fill(0);
    for (const sums of this.partitionLengths) sums.fill(0);
  }

  private markGone(shortId: number): void {
    if (this.live[shortId] === 1 && this.partitionOf) this.countInPartition(shortId, this.partition[shortId], -1);
    this.live[shortId] = 0;
  }

  private partitionNumber(value: string): number {
    let number = this.partitionNumbers.get(value);
    if (number === undefined) {
      number = this.partitionNumbers.size;
      this.partitionNumbers.set(value, number);
      this.partitionDocs.push(0);
      this.partitionLengths.push(new Array<number>(this.fieldCount).fill(0));
    }
    return number;
  }

  private countInPartition(shortId: number, number: number, sign: 1 | -1): void {
    this.partitionDocs[number] += sign;
    const sums = this.partitionLengths[number];
    for (let fieldId = 0; fieldId < this.fieldCount; fieldId++) sums[fieldId] += sign * this.lengths[shortId * this.fieldCount + fieldId];
  }

  /** Document count and average field lengths over the query's partitions, or over the whole index. */
  private statistics(partitions: string[] | undefined): { documentCount: number; avgFieldLength: number[]; scoped: boolean } {
    if (!this.partitionOf || partitions === undefined) return { documentCount: this._documentCount, avgFieldLength: this._avgFieldLength, scoped: false };
    if (this.inScope.length < this.partitionNumbers.size) this.inScope = new Uint8Array(Math.max(64, this.partitionNumbers.size * 2));
    this.inScope.fill(0);
    let documentCount = 0;
    const sums = new Array<number>(this.fieldCount).fill(0);
    for (const value of new Set(partitions)) {
      const number = this.partitionNumbers.get(value);
      if (number === undefined) continue;
      this.inScope[number] = 1;
      documentCount += this.partitionDocs[number];
      for (let fieldId = 0; fieldId < this.fieldCount; fieldId++) sums[fieldId] += this.partitionLengths[number][fieldId];
    }
    return { documentCount, avgFieldLength: sums.map((sum) => (documentCount > 0 ? sum / documentCount : 1) || 1), scoped: true };
  }

  /** The short id MiniSearch gave a document, for attributes kept alongside the index. */
  shortIdOf(id: unknown): number | undefined {
    return this._idToShortId.get(id);
  }

  idOf(shortId: number): unknown {
    return this._documentIds.get(shortId);
  }

  rank(query: RankQuery): RankedPage {
    const terms = this.queryTerms(query.q);
    if (terms.length === 0) return { hits: [], total: 0 };
    const fields = new Set(query.fields && query.fields.length > 0 ? query.fields : this._options.fields);
    const fieldIds = [...fields].map((field) => this._fieldIds[field]).filter((id) => id !== undefined);
    this.touchedCount = 0;
    const stats = this.statistics(query.partitions);
    try {
      for (let position = 0; position < terms.length; position++) {
        for (const [data, weight] of this.expand(terms[position], query)) {
          for (const fieldId of fieldIds) {
            const freqs = data.get(fieldId);
            if (freqs !== undefined) this.scoreField(freqs, fieldId, weight, position, query.accept, stats);
          }
        }
      }
      return this.page(terms.length, query.offset, query.limit, query.onMatch);
    } finally {
      const { scores, marks, touched } = this;
      for (let i = 0; i < this.touchedCount; i++) {
        scores[touched[i]] = 0;
        marks[touched[i]] = 0;
      }
      this.touchedCount = 0;
    }
  }

  /** Adds one field's BM25+ scores for one index term; `position` is the query term's (AND: a document must have matched all before it). */
  private scoreField(
    freqs: DocumentTermFreqs,
    fieldId: number,
    weight: number,
    position: number,
    accept: (shortId: number) => boolean,
    stats: { documentCount: number; avgFieldLength: number[]; scoped: boolean },
  ): void {
    const { scores, marks, live, lengths, fieldCount, touched } = this;
    let touchedCount = this.touchedCount;
    // Scoped: one pass keeps the postings of the query's partitions (their count is the document
    // frequency), and only those are scored; documents of other partitions are never visited again.
    const inScopeCount = stats.scoped ? this.collectInScope(freqs) : -1;
    const frequency = stats.scoped ? inScopeCount : freqs.size;
    const idf = Math.log(1 + (stats.documentCount - frequency + 0.5) / (frequency + 0.5));
    const lengthFactor = (BM25.k * BM25.b) / stats.avgFieldLength[fieldId];
    const baseFactor = BM25.k * (1 - BM25.b);
    const k1 = BM25.k + 1;
    const d = BM25.d;
    const visit = (termFreq: number, shortId: number) => {
      const mark = marks[shortId];
      if (mark !== position + 1) {
        if (mark !== position) return; // missed an earlier term, or rejected
        if (position === 0) {
          touched[touchedCount++] = shortId;
          if (live[shortId] === 0 || !accept(shortId)) {
            marks[shortId] = REJECTED;
            return;
          }
        }
        marks[shortId] = position + 1;
      }
      const fieldLength = lengths[shortId * fieldCount + fieldId];
      scores[shortId] += weight * idf * (d + (termFreq * k1) / (termFreq + baseFactor + lengthFactor * fieldLength));
    };
    if (stats.scoped) {
      const { scopedIds, scopedFreqs } = this;
      for (let i = 0; i < inScopeCount; i++) visit(scopedFreqs[i], scopedIds[i]);
    } else {
      // forEach rather than for-of: no [key, value] pair per posting.
      freqs.forEach(visit);
    }
    this.touchedCount = touchedCount;
  }

  /** Keeps the postings of live documents in the query's partitions in scopedIds/scopedFreqs; answers how many. */
  private collectInScope(freqs: DocumentTermFreqs): number {
    const { live, partition, inScope, scopedIds, scopedFreqs } = this;
    let count = 0;
    freqs.forEach((termFreq, shortId) => {
      if (live[shortId] === 1 && inScope[partition[shortId]] === 1) {
        scopedIds[count] = shortId;
        scopedFreqs[count] = termFreq;
        count += 1;
      }
    });
    return count;
  }

  private queryTerms(q: string): string[] {
    const { tokenize, processTerm } = this._options;
    return tokenize(q)
      .flatMap((token) => processTerm(token))
      .filter((term): term is string => !!term);
  }

  /** The index entries a query term stands for, with their weights: itself, then longer words it begins, then near misses. */
  private expand(term: string, query: RankQuery): Array<[FieldTermData, number]> {
    const expansions: Array<[FieldTermData, number]> = [];
    const exact = this._index.get(term);
    if (exact) expansions.push([exact, 1]);
    const maxDistance = query.maxTypos(term);
    const fuzzy = maxDistance > 0 ? this._index.fuzzyGet(term, maxDistance) : undefined;
    if (query.prefix) {
      for (const [word, data] of this._index.atPrefix(term)) {
        const distance = word.length - term.length;
        if (distance === 0) continue;
        fuzzy?.delete(word); // scored as a prefix
        expansions.push([data, (PREFIX_WEIGHT * word.length) / (word.length + 0.3 * distance)]);
      }
    }
    if (fuzzy) {
      for (const [word, [data, distance]] of fuzzy) {
        if (distance === 0) continue;
        expansions.push([data, (FUZZY_WEIGHT * word.length) / (word.length + distance)]);
      }
    }
    return expansions;
  }

  /** Counts the documents that matched every term and picks out the wanted page, best first (ties by short id). */
  private page(termCount: number, offset: number, limit: number, onMatch?: (shortId: number) => void): RankedPage {
    const { scores, marks, touched, touchedCount } = this;
    const wanted = offset + limit;
    const before = (a: number, b: number) => scores[b] - scores[a] || a - b;
    let total = 0;
    let best = 0;
    let top: number[] = [];
    for (let i = 0; i < touchedCount; i++) {
      const shortId = touched[i];
      if (marks[shortId] !== termCount) continue;
      total += 1;
      onMatch?.(shortId);
      const score = scores[shortId];
      if (score > best) best = score;
      if (wanted > PARTIAL_SORT_LIMIT) {
        top.push(shortId);
      } else if (top.length < wanted) {
        top.push(shortId);
        if (top.length === wanted) top.sort(before);
      } else if (before(shortId, top[wanted - 1]) < 0) {
        // Insert into the sorted top list, dropping its last.
        let at = wanted - 1;
        while (at > 0 && before(shortId, top[at - 1]) < 0) {
          top[at] = top[at - 1];
          at -= 1;
        }
        top[at] = shortId;
      }
    }
    if (wanted > PARTIAL_SORT_LIMIT || top.length < wanted) top.sort(before);
    top = top.slice(offset, wanted);
    // BM25 scores are unbounded; dividing by the best one keeps order and puts every score in [0, 1].
    return { total, hits: top.map((shortId) => ({ shortId, relevanceScore: best > 0 ? scores[shortId] / best : 1 })) };
  }

  private ensureCapacity(size: number): void {
    if (this.live.length >= size) return;
    const capacity = Math.max(1024, Math.ceil(size * 1.5));
    const grow = <A extends Uint8Array | Uint32Array | Float64Array | Int32Array>(from: A, make: (n: number) => A, n: number): A => {
      const to = make(n);
      to.set(from as never);
      return to;
    };
    this.live = grow(this.live, (n) => new Uint8Array(n), capacity);
    this.lengths = grow(this.lengths, (n) => new Uint32Array(n), capacity * this.fieldCount);
    this.partition = grow(this.partition, (n) => new Int32Array(n), capacity);
    this.scores = new Float64Array(capacity);
    this.marks = new Int32Array(capacity);
    this.touched = new Int32Array(capacity);
    this.scopedIds = new Int32Array(capacity);
    this.scopedFreqs = new Uint32Array(capacity);
  }
}
