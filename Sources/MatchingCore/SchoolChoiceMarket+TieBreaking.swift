// The tie-breaking that turns weak priorities and lotteries into strict ranks.


extension SchoolChoiceMarket {
  /// The entries (school, strict rank) of the lists: sort each school's applicants by (priority class, lottery number)
  /// and number them; students with equal numbers are ordered by name (``LotteryKeys``), so
  /// the ranks do not depend on the order of the input.
  ///
  /// Each application's sort key packs (class, lottery, position among the school's
  /// applicants) into one `UInt64` when the three fit, so each school sorts plain integers by
  /// an LSD radix sort on just the bits that vary; otherwise it sorts tuples. Keys are built
  /// in one pass over the lists, written into per-school buckets. Large markets (a million
  /// entries or more) are split over ``tieBreakingThreads`` workers: contiguous student
  /// ranges for the bucketing, contiguous school ranges for the sorting; the ranks are the
  /// same for any number of workers. The lottery
  /// part is exact for single tie-breaking (each student's rank in the global lottery order,
  /// ``LotteryKeys/singleLotteryOrder(seed:)``); for multiple tie-breaking it is the top 32
  /// bits of the 64-bit number, and the rare runs of equal (class, top bits) are then sorted
  /// again by the full number and the name order; given numbers tied at a school are ordered
  /// by the students' keys (``LotteryKeys/precedesByIdentity(_:_:)``).
  ///
  /// - Complexity: O(*n* + *E* · *b* / 11) for *n* students, *E* entries and *b* varying key
  ///   bits (at most 64).
  static func strictRanks(
    studentCount n: Int, schoolCount m: Int, listOffsets: [Int32], schools: [Int32],
    priorities: [Int32], lotteryNumbers: [Int64]?, tieBreaking: TieBreaking, keys: LotteryKeys,
    workers requested: Int? = nil
  ) -> (entries: [Entry], bounds: [Int32]) {
    let e = schools.count
    func bits(_ x: UInt64) -> Int { x == 0 ? 0 : 64 - x.leadingZeroBitCount }
    // The tie-break number of entry k of student i, as a non-negative offset.
    var lottery: [Int32] = []
    // Multiple tie-breaking: the per-student and per-school halves of each number, mixed
    // once per entry (LotteryKeys.multipleLotteryNumber, factored).
    var studentHalf: [UInt64] = []
    var schoolHalf: [UInt64] = []
    var lowLottery: Int64 = 0
    let tieBits: Int
    switch tieBreaking {
    case .single(let seed):
      // Student i's number is her position in the lottery order: distinct, so exact.
      let order = keys.singleLotteryOrder(seed: seed)
      lottery = [Int32](repeating: 0, count: n)
      for (position, i) in order.enumerated() { lottery[Int(i)] = Int32(position) }
      tieBits = bits(UInt64(max(0, n - 1)))
    case .multiple(let seed):
      studentHalf = (0..<n).map { keys.multipleStudentHalf(of: $0) }
      schoolHalf = (0..<m).map { keys.schoolSalt($0, seed: seed) }
      tieBits = 32
    case .given:
      let values = lotteryNumbers!
      lowLottery = values.min() ?? 0
      tieBits = bits(UInt64(bitPattern: (values.max() ?? 0) &- lowLottery))
    }
    @inline(__always) func tie(_ k: Int, _ i: Int) -> UInt64 {
      switch tieBreaking {
      case .single: UInt64(lottery[i])
      case .multiple: SeededGenerator.mix(studentHalf[i] ^ schoolHalf[Int(schools[k])]) >> 32
      case .given: UInt64(bitPattern: lotteryNumbers![k] &- lowLottery)
      }
    }
    // Whether student a goes before student b at school s when class and `tie` are equal.
    @inline(__always) func before(_ a: Int, _ b: Int, at s: Int) -> Bool {
      switch tieBreaking {
      case .single:
        return a < b   // never reached: single numbers are distinct
      case .multiple:
        let la = SeededGenerator.mix(studentHalf[a] ^ schoolHalf[s])
        let lb = SeededGenerator.mix(studentHalf[b] ^ schoolHalf[s])
        return la != lb ? la < lb : keys.precedesOnEqualNumbers(a, b)
      case .given:
        return keys.precedesByIdentity(a, b)
      }
    }
    // One pass over the entries, on `workers` threads over contiguous student ranges: each
    // range's applicants per school (rangeFill[r * m + s]) and its range of classes.
    let workers = max(1, min(requested ?? (e < 1 << 20 ? 1 : min(tieBreakingThreads, e >> 19)), n))
    let ranges = studentRanges(listOffsets: listOffsets, count: workers)
    var rangeFill = [Int](repeating: 0, count: workers * m)
    var rangeClasses = [(low: Int32, high: Int32)](repeating: (.max, .min), count: workers)
    rangeFill.withUnsafeMutableBufferPointer { fill in
      rangeClasses.withUnsafeMutableBufferPointer { classes in
        concurrentlyPerform(iterations: workers) { r in
          var (low, high) = (Int32.max, Int32.min)
          for k in Int(listOffsets[Int(ranges[r])])..<Int(listOffsets[Int(ranges[r + 1])]) {
            fill[r * m + Int(schools[k])] += 1
            low = min(low, priorities[k])
            high = max(high, priorities[k])
          }
          classes[r] = (low, high)
        }
      }
    }
    let lowClass = e == 0 ? 0 : rangeClasses.map(\.low).min()!
    let highClass = e == 0 ? 0 : rangeClasses.map(\.high).max()!
    let classBits = bits(UInt64(UInt32(bitPattern: highClass &- lowClass)))
    // Buckets by school: school s's slots start at start[s]; range r's first slot at school
    // s becomes rangeFill[r * m + s] (each range's slots follow the previous range's, so a
    // bucket holds its applicants in student order whatever the number of workers).
    var start = [Int](repeating: 0, count: m + 1)
    for s in 0..<m {
      var slot = start[s]
      for r in 0..<workers {
        let count = rangeFill[r * m + s]
        rangeFill[r * m + s] = slot
        slot += count
      }
      start[s + 1] = slot
    }
    var bounds = [Int32](repeating: 0, count: m)
    var maxCount = 0
    for s in 0..<m {
      bounds[s] = Int32(start[s + 1] - start[s])
      maxCount = max(maxCount, Int(bounds[s]))
    }
    let indexBits = bits(UInt64(max(0, maxCount - 1)))
    // Single lottery numbers are distinct: no tie survives them. Otherwise runs tied on the
    // packed bits are re-sorted, which needs the student at each bucket slot (school s's
    // j-th applicant in student order is at start[s] + j).
    let exactTies: Bool
    if case .single = tieBreaking { exactTies = true } else { exactTies = false }
    var slotStudent = uninitializedArray(of: Int32.self, count: exactTies ? 0 : e)
    guard classBits + tieBits + indexBits <= 64 else {
      // Rare: keys too wide to pack (wide classes and a wide given lottery). Sort tuples.
      var entries = (0..<e).map { Entry(school: schools[$0], rank: 0) }
      var bySchool = [[(UInt64, UInt64, Int32, Int32)]](repeating: [], count: m)
      for i in 0..<n {
        for k in Int(listOffsets[i])..<Int(listOffsets[i + 1]) {
          bySchool[Int(schools[k])].append(
            (UInt64(UInt32(bitPattern: priorities[k] &- lowClass)), tie(k, i), Int32(i), Int32(k)))
        }
      }
      for s in 0..<m {
        bySchool[s].sort { ($0.0, $0.1) != ($1.0, $1.1) ? ($0.0, $0.1) < ($1.0, $1.1) : before(Int($0.2), Int($1.2), at: s) }
        for (r, item) in bySchool[s].enumerated() { entries[Int(item.3)].rank = UInt32(r) }
      }
      return (entries, bounds)
    }
    // Pack keys into school buckets: a counting sort by school, on the workers' student
    // ranges.
    var keyArray = uninitializedArray(of: UInt64.self, count: e)
    var entries = uninitializedArray(of: Entry.self, count: e)
    let mask: UInt64 = indexBits == 0 ? 0 : (1 << indexBits) - 1
    // Bucket boundaries for the sorting workers: about equal numbers of entries each.
    var schoolCuts = [0]
    for s in 0..<m where schoolCuts.count < workers && start[s + 1] >= e / workers * schoolCuts.count {
      schoolCuts.append(s + 1)
    }
    while schoolCuts.count <= workers { schoolCuts.append(m) }
    keyArray.withUnsafeMutableBufferPointer { keyBuffer in
      entries.withUnsafeMutableBufferPointer { entries in
        slotStudent.withUnsafeMutableBufferPointer { slotStudent in
          rangeFill.withUnsafeBufferPointer { rangeFill in
            concurrentlyPerform(iterations: workers) { r in
              var fill = Array(rangeFill[(r * m)..<(r * m + m)])
              for i in Int(ranges[r])..<Int(ranges[r + 1]) {
                for k in Int(listOffsets[i])..<Int(listOffsets[i + 1]) {
                  let s = Int(schools[k])
                  let c = UInt64(UInt32(bitPattern: priorities[k] &- lowClass))
                  let local = UInt64(fill[s] - start[s])
                  keyBuffer[fill[s]] = ((c << tieBits | tie(k, i)) << indexBits) | local
                  if !exactTies { slotStudent[fill[s]] = Int32(i) }
                  fill[s] += 1
                }
              }
            }
            // Sort each bucket; then the rank of the applicant at local position j is
            // written to slot start + j.
            concurrentlyPerform(iterations: workers) { r in
              let scratch = UnsafeMutableBufferPointer<UInt64>.allocate(capacity: max(1, maxCount))
              defer { scratch.deallocate() }
              for s in schoolCuts[r]..<schoolCuts[r + 1] {
                let lo = start[s]
                let bucket = UnsafeMutableBufferPointer(rebasing: keyBuffer[lo..<start[s + 1]])
                // By class alone first: when a school's classes are all distinct (strict
                // priorities), that is the order and the lottery bits need no passes.
                radixSort(bucket, scratch: scratch, lowBit: indexBits + tieBits)
                var tied = false
                if tieBits > 0 {
                  for j in bucket.indices.dropFirst() where bucket[j] >> UInt64(indexBits + tieBits) == bucket[j - 1] >> UInt64(indexBits + tieBits) {
                    tied = true
                    break
                  }
                  if tied { radixSort(bucket, scratch: scratch, lowBit: indexBits) }
                }
                if !exactTies && (tied || tieBits == 0) {
                  // Runs still tied on (class, lottery bits): order them by the full rule.
                  var j = 1
                  while j < bucket.count {
                    let head = bucket[j - 1] >> UInt64(indexBits)
                    guard bucket[j] >> UInt64(indexBits) == head else {
                      j += 1
                      continue
                    }
                    var end = j + 1
                    while end < bucket.count && bucket[end] >> UInt64(indexBits) == head { end += 1 }
                    var run = UnsafeMutableBufferPointer(rebasing: bucket[(j - 1)..<end])
                    run.sort {
                      before(Int(slotStudent[lo + Int($0 & mask)]), Int(slotStudent[lo + Int($1 & mask)]), at: s)
                    }
                    j = end
                  }
                }
                // The bucket's slots now take the ranks: slot lo + j, the rank of the
                // school's j-th applicant (the sorted keys are copied out first).
                let sorted = UnsafeMutableBufferPointer(rebasing: scratch[0..<bucket.count])
                _ = sorted.update(fromContentsOf: bucket)
                for (r, key) in sorted.enumerated() { bucket[Int(key & mask)] = UInt64(r) }
              }
            }
            // Back to entry order: entry k was the (fill - start)-th applicant of its school.
            concurrentlyPerform(iterations: workers) { r in
              var fill = Array(rangeFill[(r * m)..<(r * m + m)])
              for k in Int(listOffsets[Int(ranges[r])])..<Int(listOffsets[Int(ranges[r + 1])]) {
                let s = Int(schools[k])
                entries[k] = Entry(school: Int32(s), rank: UInt32(truncatingIfNeeded: keyBuffer[fill[s]]))
                fill[s] += 1
              }
            }
          }
        }
      }
    }
    return (entries, bounds)
  }

  /// Threads for tie-breaking large markets: ``readThreadCount()``.
  nonisolated(unsafe) static var tieBreakingThreads = readThreadCount()

  /// `count` contiguous student ranges with about equal numbers of entries: range r is
  /// students `result[r]..<result[r + 1]`.
  static func studentRanges(listOffsets: [Int32], count: Int) -> [Int32] {
    let n = listOffsets.count - 1
    let e = Int(listOffsets[n])
    var cuts: [Int32] = [0]
    for r in 1..<max(1, count) {
      // The first student whose list starts at or after r * e / count.
      let target = Int32(e / count * r)
      var lo = Int(cuts.last!)
      var hi = n
      while lo < hi {
        let mid = (lo + hi) / 2
        if listOffsets[mid] < target { lo = mid + 1 } else { hi = mid }
      }
      cuts.append(Int32(lo))
    }
    cuts.append(Int32(n))
    return cuts
  }

  /// An array of `count` elements whose memory is first written by the caller's workers (a
  /// fresh page costs about as much to fault in as to fill, so zeroing it on one thread first
  /// would double the cost). Every element must be written before it is read.
  static func uninitializedArray<T: BitwiseCopyable>(of _: T.Type, count: Int) -> [T] {
    var array = [T](unsafeUninitializedCapacity: count) { _, initialized in initialized = count }
    array.adviseHugePages()
    return array
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

  /// Sorts `keys` ascending and permutes `values` alongside (empty `values`: keys only), as
  /// ``radixSort(keys:values:)`` does (stable), but for a quarter of a million keys or more
  /// with the two halves sorted on two threads and then merged.
  ///
  /// - Complexity: O(*n* · *b* / 11) for *n* keys and *b* varying bits, half of it on each of
  ///   two threads, plus an O(*n*) merge.
  static func radixSortInHalves(keys: inout [UInt64], values: inout [Int32]) {
    let n = keys.count
    let withValues = !values.isEmpty
    precondition(!withValues || values.count == n)
    guard n >= 1 << 18, readThreadCount() > 1 else {
      if withValues {
        radixSort(keys: &keys, values: &values)
      } else {
        var scratch = [UInt64](repeating: 0, count: n)
        keys.withUnsafeMutableBufferPointer { k in
          scratch.withUnsafeMutableBufferPointer { radixSort(k, scratch: $0, lowBit: 0) }
        }
      }
      return
    }
    let mid = n / 2
    var halves: [(keys: [UInt64], values: [Int32])] = [
      (Array(keys[..<mid]), withValues ? Array(values[..<mid]) : []),
      (Array(keys[mid...]), withValues ? Array(values[mid...]) : []),
    ]
    halves.withUnsafeMutableBufferPointer { halves in
      concurrentlyPerform(iterations: 2) { h in
        if withValues {
          radixSort(keys: &halves[h].keys, values: &halves[h].values)
        } else {
          var scratch = uninitializedArray(of: UInt64.self, count: halves[h].keys.count)
          halves[h].keys.withUnsafeMutableBufferPointer { k in
            scratch.withUnsafeMutableBufferPointer { radixSort(k, scratch: $0, lowBit: 0) }
          }
        }
      }
    }
    // Merge, the first half first on equal keys (stable).
    let (a, b) = (halves[0], halves[1])
    var i = 0
    var j = 0
    for k in 0..<n {
      if j == b.keys.count || (i < a.keys.count && a.keys[i] <= b.keys[j]) {
        keys[k] = a.keys[i]
        if withValues { values[k] = a.values[i] }
        i += 1
      } else {
        keys[k] = b.keys[j]
        if withValues { values[k] = b.values[j] }
        j += 1
      }
    }
  }

  /// Sorts `keys` ascending and permutes `values` alongside (stable: equal keys keep their
  /// order): least-significant-digit radix sort, 11 bits a pass, over the varying bits.
  ///
  /// - Complexity: O(*n* · *b* / 11) for *n* keys and *b* varying bits.
  static func radixSort(keys: inout [UInt64], values: inout [Int32]) {
    let n = keys.count
    precondition(values.count == n)
    if n < 2 { return }
    var varying: UInt64 = 0
    for x in keys { varying |= x ^ keys[0] }
    if varying == 0 { return }
    var shift = varying.trailingZeroBitCount
    let highBit = 64 - varying.leadingZeroBitCount
    var keys2 = [UInt64](repeating: 0, count: n)
    var values2 = [Int32](repeating: 0, count: n)
    var counts = [Int](repeating: 0, count: 2049)
    while shift < highBit {
      keys.withUnsafeBufferPointer { k in
        values.withUnsafeBufferPointer { v in
          keys2.withUnsafeMutableBufferPointer { k2 in
            values2.withUnsafeMutableBufferPointer { v2 in
              counts.withUnsafeMutableBufferPointer { counts in
                for d in 0..<2049 { counts[d] = 0 }
                for x in k { counts[Int((x >> UInt64(shift)) & 2047) + 1] += 1 }
                for d in 0..<2048 { counts[d + 1] += counts[d] }
                for j in 0..<n {
                  let d = Int((k[j] >> UInt64(shift)) & 2047)
                  k2[counts[d]] = k[j]
                  v2[counts[d]] = v[j]
                  counts[d] += 1
                }
              }
            }
          }
        }
      }
      swap(&keys, &keys2)
      swap(&values, &values2)
      shift += 11
    }
  }
}
