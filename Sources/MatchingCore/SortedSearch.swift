extension RandomAccessCollection where Element: Comparable {
  /// The first index whose element is not below `value`, in a collection sorted ascending (the
  /// count of elements below `value`, for an array): a binary search.
  ///
  /// ```swift
  /// [2, 3, 3, 7].lowerBound(of: 3)   // 1
  /// [2, 3, 3, 7].lowerBound(of: 8)   // 4
  /// ```
  ///
  /// - Precondition: the collection is sorted ascending.
  /// - Complexity: O(log *n*) for *n* elements.
  public func lowerBound(of value: Element) -> Index {
    var lo = startIndex
    var count = self.count
    while count > 0 {
      let half = count / 2
      let mid = index(lo, offsetBy: half)
      if self[mid] < value {
        lo = index(after: mid)
        count -= half + 1
      } else {
        count = half
      }
    }
    return lo
  }
}
