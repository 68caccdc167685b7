// The tie-breaking that turns weak priorities and lotteries into strict ranks.

extension SchoolChoiceMarket {
  /// The strict ranks: sort each school's applicants by (priority class, lottery number,
  /// input order) and number them.
  ///
  /// Each application's sort key packs (class, lottery, position among the school's
  /// applicants) into one `UInt64` when the three fit, so each school sorts plain integers by
  /// an LSD radix sort on just the bits that vary; otherwise it sorts tuples. Keys are built
  /// in one sequential pass over the lists, written into per-school buckets.
  ///
  /// - Complexity: O(*E* · *b* / 11) for *E* entries and *b* varying key bits (at most 64).
  static func strictRanks(
    studentCount n: Int, schoolCount m: Int, listOffsets: [Int32], schools: [Int32],
    priorities: [Int32], lotteryNumbers: [Int64]?, tieBreaking: TieBreaking
  ) -> (ranks: [UInt32], bounds: [Int32]) {
    let e = schools.count
    func bits(_ x: UInt64) -> Int { x == 0 ? 0 : 64 - x.leadingZeroBitCount }
    // The tie-break number of entry k of student i, as a non-negative offset.
    var lottery: [Int32] = []
    var seedForMultiple: UInt64 = 0
    var lowLottery: Int64 = 0
    let tieBits: Int
    switch tieBreaking {
    case .single(let seed):
      var rng = SeededGenerator(seed: seed)
      lottery = rng.permutation(n)
      tieBits = bits(UInt64(max(0, n - 1)))
    case .multiple(let seed):
      seedForMultiple = seed
      tieBits = 32
    case .given:
      let values = lotteryNumbers!
      lowLottery = values.min() ?? 0
      tieBits = bits(UInt64(bitPattern: (values.max() ?? 0) &- lowLottery))
    }
    @inline(__always) func tie(_ k: Int, _ i: Int) -> UInt64 {
      switch tieBreaking {
      case .single: UInt64(lottery[i])
      case .multiple:
        SeededGenerator.mix(seedForMultiple ^ SeededGenerator.mix(UInt64(UInt32(schools[k])) << 32 | UInt64(i))) >> 32
      case .given: UInt64(bitPattern: lotteryNumbers![k] &- lowLottery)
      }
    }
    let lowClass = priorities.min() ?? 0
    let classBits = bits(UInt64(UInt32(bitPattern: (priorities.max() ?? 0) &- lowClass)))
    // Buckets by school.
    var start = [Int](repeating: 0, count: m + 1)
    for s in schools { start[Int(s) + 1] += 1 }
    for s in 0..<m { start[s + 1] += start[s] }
    var bounds = [Int32](repeating: 0, count: m)
    var maxCount = 0
    for s in 0..<m {
      bounds[s] = Int32(start[s + 1] - start[s])
      maxCount = max(maxCount, Int(bounds[s]))
    }
    let indexBits = bits(UInt64(max(0, maxCount - 1)))
    var ranks = [UInt32](repeating: 0, count: e)
    guard classBits + tieBits + indexBits <= 64 else {
      // Rare: keys too wide to pack (wide classes and a 64-bit lottery). Sort tuples.
      var bySchool = [[(UInt64, UInt64, Int32)]](repeating: [], count: m)
      for i in 0..<n {
        for k in Int(listOffsets[i])..<Int(listOffsets[i + 1]) {
          bySchool[Int(schools[k])].append(
            (UInt64(UInt32(bitPattern: priorities[k] &- lowClass)), tie(k, i), Int32(k)))
        }
      }
      for s in 0..<m {
        bySchool[s].sort { ($0.0, $0.1, $0.2) < ($1.0, $1.1, $1.2) }
        for (r, item) in bySchool[s].enumerated() { ranks[Int(item.2)] = UInt32(r) }
      }
      return (ranks, bounds)
    }
    // Pack keys into school buckets in one sequential pass.
    var keys = [UInt64](repeating: 0, count: e)
    var fill = start
    for i in 0..<n {
      for k in Int(listOffsets[i])..<Int(listOffsets[i + 1]) {
        let s = Int(schools[k])
        let c = UInt64(UInt32(bitPattern: priorities[k] &- lowClass))
        let local = UInt64(fill[s] - start[s])
        keys[fill[s]] = ((c << tieBits | tie(k, i)) << indexBits) | local
        fill[s] += 1
      }
    }
    // Sort each bucket; then the rank of the applicant at local position j is written to
    // slot start + j.
    var position = [UInt32](repeating: 0, count: e)
    let mask: UInt64 = indexBits == 0 ? 0 : (1 << indexBits) - 1
    var scratch = [UInt64](repeating: 0, count: maxCount)
    keys.withUnsafeMutableBufferPointer { keys in
      scratch.withUnsafeMutableBufferPointer { scratch in
        for s in 0..<m {
          let lo = start[s]
          let bucket = UnsafeMutableBufferPointer(rebasing: keys[lo..<start[s + 1]])
          // By class alone first: when a school's classes are all distinct (strict
          // priorities), that is the order and the lottery bits need no passes.
          radixSort(bucket, scratch: scratch, lowBit: indexBits + tieBits)
          var tied = false
          if tieBits > 0 {
            for j in bucket.indices.dropFirst() where bucket[j] >> UInt64(indexBits + tieBits) == bucket[j - 1] >> UInt64(indexBits + tieBits) {
              tied = true
              break
            }
          }
          if tied { radixSort(bucket, scratch: scratch, lowBit: indexBits) }
          for (r, key) in bucket.enumerated() { position[lo + Int(key & mask)] = UInt32(r) }
        }
      }
    }
    // Back to entry order: entry k was the (fill - start)-th applicant of its school.
    fill = start
    for k in 0..<e {
      let s = Int(schools[k])
      ranks[k] = position[fill[s]]
      fill[s] += 1
    }
    return (ranks, bounds)
  }

  /// Sorts `keys` ascending by their bits from `lowBit` up (the bits below are distinct
  /// payload): least-significant-digit radix sort, 11 bits a pass, over the varying bits
  /// only; small buckets use insertion sort.
  static func radixSort(
    _ keys: UnsafeMutableBufferPointer<UInt64>, scratch: UnsafeMutableBufferPointer<UInt64>, lowBit: Int
  ) {
    let n = keys.count
    if n < 2 { return }
    if n <= 64 {
      for a in 1..<n {
        let x = keys[a]
        var b = a
        while b > 0 && keys[b - 1] > x {
          keys[b] = keys[b - 1]
          b -= 1
        }
        keys[b] = x
      }
      return
    }
    var varying: UInt64 = 0
    let first = keys[0]
    for x in keys { varying |= x ^ first }
    varying >>= UInt64(lowBit)
    if varying == 0 { return }
    let highBit = lowBit + 64 - varying.leadingZeroBitCount
    var shift = lowBit + varying.trailingZeroBitCount
    var source = keys
    var target = UnsafeMutableBufferPointer(rebasing: scratch[0..<n])
    var counts = [Int](repeating: 0, count: 2049)
    counts.withUnsafeMutableBufferPointer { counts in
      while shift < highBit {
        for d in 0..<2049 { counts[d] = 0 }
        for x in source { counts[Int((x >> UInt64(shift)) & 2047) + 1] += 1 }
        for d in 0..<2048 { counts[d + 1] += counts[d] }
        for x in source {
          let d = Int((x >> UInt64(shift)) & 2047)
          target[counts[d]] = x
          counts[d] += 1
        }
        swap(&source, &target)
        shift += 11
      }
    }
    if source.baseAddress != keys.baseAddress {
      _ = keys.update(fromContentsOf: source)
    }
  }
}
