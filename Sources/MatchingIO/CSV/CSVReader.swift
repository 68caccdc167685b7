#if canImport(Glibc)
import Glibc
#elseif canImport(Darwin)
import Darwin
#endif

/// A streaming, byte-level CSV reader (RFC 4180): quoted fields with commas, doubled quotes
/// and line breaks, CRLF or LF line ends, a UTF-8 byte-order mark, blank lines skipped.
///
/// ```swift
/// var csv = try CSVReader(path: "schools.csv")        // reads the header
/// let cap = try csv.requireColumn("capacity")
/// while try csv.nextRecord() { let c = try csv.int(cap) }
/// ```
///
/// It reads the file in blocks and never holds more than a block plus one record, so a
/// 10-million-row file costs a few megabytes. Fields are byte ranges into the block; integer
/// fields are parsed from the bytes without making strings, which is what makes reading a
/// national school-choice file take well under a second.
///
/// Columns are found by header name (extra columns are ignored); every error names the
/// file, the line and the column.
public struct CSVReader {
  /// The path as given, for messages.
  public let path: String
  /// The header's column names (trimmed of surrounding spaces).
  public private(set) var header: [String] = []
  /// The 1-based line on which the current record starts.
  public private(set) var line = 0

  private var file: UnsafeMutablePointer<FILE>?
  private var buffer: [UInt8]
  private var count = 0  // valid bytes in buffer
  private var position = 0  // parse position
  private var eof = false
  private var nextLine = 1
  private var starts: [Int] = []
  private var ends: [Int] = []
  private var quoted: [Bool] = []

  /// Opens `path` and reads its header.
  ///
  /// - Throws: ``InputError`` if the file cannot be opened, is empty, or has no header.
  public init(path: String, blockSize: Int = 1 << 20) throws(InputError) {
    self.path = path
    guard let f = fopen(path, "rb") else {
      throw InputError(file: path, line: 0, message: "cannot open the file (\(String(cString: strerror(errno))))")
    }
    file = f
    buffer = [UInt8](repeating: 0, count: max(blockSize, 64))
    fill()
    // UTF-8 byte-order mark.
    if count >= 3 && buffer[0] == 0xEF && buffer[1] == 0xBB && buffer[2] == 0xBF { position = 3 }
    guard try nextRecord() else {
      close()
      throw InputError(file: path, line: 0, message: "the file is empty: a header line is expected")
    }
    header = (0..<fieldCount).map { string($0).trimmingSpaces() }
  }

  /// Closes the file (also done at the end of input).
  public mutating func close() {
    if let f = file { fclose(f) }
    file = nil
  }

  /// The number of fields in the current record.
  public var fieldCount: Int { starts.count }

  /// The index of column `name`, or `nil`.
  public func column(_ name: String) -> Int? { header.firstIndex(of: name) }

  /// The index of column `name`.
  ///
  /// - Throws: ``InputError`` naming the missing column and the header found.
  public func requireColumn(_ name: String) throws(InputError) -> Int {
    guard let c = column(name) else {
      throw InputError(
        file: path, line: 1, column: name,
        message: "missing column; the header has \(header.map { "'\($0)'" }.joined(separator: ", "))")
    }
    return c
  }

  /// Moves to the next record; `false` at the end of the file.
  ///
  /// - Throws: ``InputError`` for an unterminated quoted field or a read error.
  public mutating func nextRecord() throws(InputError) -> Bool {
    while true {
      if position >= count {
        if eof { return false }
        compactAndFill()
        continue
      }
      // Skip blank lines.
      let c = buffer[position]
      if c == 0x0A {
        position += 1
        nextLine += 1
        continue
      }
      if c == 0x0D && (position + 1 < count) && buffer[position + 1] == 0x0A {
        position += 2
        nextLine += 1
        continue
      }
      if c == 0x0D && position + 1 >= count && !eof {
        compactAndFill()
        continue
      }
      if try parseRecord() { return true }
      // Record incomplete in this block: read more and parse again from its start.
      let before = count - position
      compactAndFill()
      if count - position == before && eof && before > 0 {
        // parseRecord handles EOF itself; unreachable in practice.
        return false
      }
    }
  }

  /// Parses one record starting at `position`. Returns false if the block ends first
  /// (and more input may follow).
  private mutating func parseRecord() throws(InputError) -> Bool {
    starts.removeAll(keepingCapacity: true)
    ends.removeAll(keepingCapacity: true)
    quoted.removeAll(keepingCapacity: true)
    var p = position
    var lines = 0
    let n = count
    return try buffer.withUnsafeMutableBufferPointer { (b) throws(InputError) -> Bool in
      while true {
        // One field.
        if p < n && b[p] == 0x22 {  // quoted
          p += 1
          let s = p
          var w = p
          while true {
            if p >= n {
              if eof {
                throw InputError(file: path, line: nextLine, message: "a quoted field is not closed")
              }
              return false
            }
            let ch = b[p]
            if ch == 0x22 {
              if p + 1 >= n && !eof { return false }
              if p + 1 < n && b[p + 1] == 0x22 {
                b[w] = 0x22; w += 1; p += 2
                continue
              }
              p += 1
              break
            }
            if ch == 0x0A { lines += 1 }
            b[w] = ch; w += 1; p += 1
          }
          starts.append(s)
          ends.append(w)
          quoted.append(true)
          // After the closing quote: spaces, then a separator or end of line.
          while p < n && b[p] == 0x20 { p += 1 }
        } else {
          let s = p
          while p < n {
            let ch = b[p]
            if ch == 0x2C || ch == 0x0A || ch == 0x0D { break }
            p += 1
          }
          if p >= n && !eof { return false }
          starts.append(s)
          ends.append(p)
          quoted.append(false)
        }
        if p >= n {  // end of file ends the record
          position = p
          line = nextLine
          nextLine += lines + 1
          return true
        }
        let ch = b[p]
        if ch == 0x2C {
          p += 1
          continue
        }
        if ch == 0x0D {
          if p + 1 >= n && !eof { return false }
          p += 1
          if p < n && b[p] == 0x0A { p += 1 }
        } else if ch == 0x0A {
          p += 1
        } else {
          throw InputError(
            file: path, line: nextLine + lines,
            message: "unexpected character after a closing quote in field \(starts.count)")
        }
        position = p
        line = nextLine
        nextLine += lines + 1
        return true
      }
    }
  }

  private mutating func compactAndFill() {
    if position > 0 {
      let remaining = count - position
      if remaining > 0 {
        buffer.withUnsafeMutableBufferPointer { b in
          _ = memmove(b.baseAddress!, b.baseAddress! + position, remaining)
        }
      }
      count = remaining
      position = 0
    } else if count == buffer.count {
      buffer += [UInt8](repeating: 0, count: buffer.count)  // one record longer than a block
    }
    fill()
  }

  private mutating func fill() {
    guard let f = file, !eof else { return }
    let room = buffer.count - count
    let got = buffer.withUnsafeMutableBufferPointer { b in
      fread(b.baseAddress! + count, 1, room, f)
    }
    count += got
    if got < room { eof = true; close() }
  }

  // MARK: Fields

  /// Whether field `i` is absent or empty.
  public func isEmpty(_ i: Int) -> Bool {
    i >= starts.count || (starts[i] == ends[i])
  }

  /// Field `i` as a string ("" when the record is short).
  public func string(_ i: Int) -> String {
    guard i < starts.count else { return "" }
    return buffer.withUnsafeBufferPointer { b in
      String(decoding: UnsafeBufferPointer(rebasing: b[starts[i]..<ends[i]]), as: UTF8.self)
    }
  }

  /// Field `i` trimmed of surrounding spaces (the usual form of an id).
  public func trimmed(_ i: Int) -> String { string(i).trimmingSpaces() }

  /// The bytes of field `i` (valid until the next record), trimmed of spaces.
  public func withBytes<R, E: Error>(
    _ i: Int, _ body: (UnsafeBufferPointer<UInt8>) throws(E) -> R
  ) throws(E) -> R {
    guard i < starts.count else { return try body(UnsafeBufferPointer(start: nil, count: 0)) }
    return try buffer.withUnsafeBufferPointer { (b) throws(E) -> R in
      var s = starts[i]
      var e = ends[i]
      while s < e && b[s] == 0x20 { s += 1 }
      while e > s && b[e - 1] == 0x20 { e -= 1 }
      return try body(UnsafeBufferPointer(rebasing: b[s..<e]))
    }
  }

  /// Field `i` as an integer.
  ///
  /// - Throws: ``InputError`` naming the column when the field is empty or not an integer.
  public func int(_ i: Int) throws(InputError) -> Int {
    var value = 0
    var ok = true
    withBytes(i) { bytes in
      var k = 0
      let n = bytes.count
      var negative = false
      if k < n && (bytes[k] == 0x2D || bytes[k] == 0x2B) { negative = bytes[k] == 0x2D; k += 1 }
      if k == n || n - k > 18 { ok = false; return }
      var v = 0
      while k < n {
        let d = Int(bytes[k]) &- 48
        if d < 0 || d > 9 { ok = false; return }
        v = v &* 10 &+ d
        k += 1
      }
      value = negative ? -v : v
    }
    guard ok else { throw fieldError(i, "\"\(string(i))\" is not an integer") }
    return value
  }

  /// Field `i` as a floating-point number.
  public func double(_ i: Int) throws(InputError) -> Double {
    let s = trimmed(i)
    guard let v = Double(s) else { throw fieldError(i, "\"\(s)\" is not a number") }
    return v
  }

  /// An error for field `i` of the current record.
  public func fieldError(_ i: Int, _ message: String) -> InputError {
    InputError(file: path, line: line, column: i < header.count ? header[i] : "#\(i + 1)", message: message)
  }

  /// An error for the current record.
  public func recordError(_ message: String) -> InputError {
    InputError(file: path, line: line, message: message)
  }
}

extension String {
  /// The string without leading and trailing spaces and tabs.
  func trimmingSpaces() -> String {
    var s = Substring(self)
    while let f = s.first, f == " " || f == "\t" { s = s.dropFirst() }
    while let l = s.last, l == " " || l == "\t" { s = s.dropLast() }
    return String(s)
  }
}
