#if canImport(Glibc)
import Glibc
#elseif canImport(Darwin)
import Darwin
#endif

/// A streaming, byte-level CSV reader (RFC 4180): quoted fields with commas, doubled quotes
/// and line breaks, CRLF or LF line ends, a UTF-8 byte-order mark, blank lines skipped; the
/// delimiter (comma, semicolon or tab) detected from the header line or given; `-` reads
/// standard input.
///
/// ```swift
/// let csv = try CSVReader(path: "schools.csv")        // reads the header
/// let cap = try csv.requireColumn("capacity")
/// while try csv.nextRecord() { let c = try csv.int(cap) }
/// ```
///
/// It reads the file in blocks and never holds more than a block plus one record, so a
/// 10-million-row file costs a few megabytes. Fields are byte ranges into the block; integer
/// fields are parsed from the bytes without making strings, which is what makes reading a
/// national school-choice file take well under a second.
///
/// Columns are found by header name, ignoring case and surrounding spaces (extra columns are
/// ignored). Every record must have as many fields as the header (a longer record only if
/// its extra fields are empty). Every error names the file, the line and the column, and
/// quotes input bytes only escaped (`InputError.show`).
public final class CSVReader {
  /// The path as given, for messages (`<stdin>` for `-`).
  public let path: String
  /// The header's column names (trimmed of surrounding spaces).
  public private(set) var header: [String] = []
  /// The header's names in lower case, for matching.
  private var foldedHeader: [String] = []
  /// The delimiter in use (given, or detected from the header line).
  public let delimiter: CSVDelimiter
  /// Fields a record needs: one past the rightmost column asked for with
  /// ``requireColumn(_:)``. A record may stop before optional columns that follow.
  private var requiredWidth = 0
  /// The 1-based line on which the current record starts.
  public private(set) var line = 0

  /// All parsing state, in a struct: the bulk path (``forEachRecord(_:)``) copies it into a
  /// local and runs the whole file without touching class properties (which would cost a
  /// dynamic exclusivity check each).
  private var scanner: Scanner

  /// Opens `path` (`-` for standard input) and reads its header.
  ///
  /// - Parameters:
  ///   - path: the file, or `-` for standard input.
  ///   - delimiter: the field delimiter; `nil` detects it from the header line.
  ///   - blockSize: bytes read at a time.
  /// - Throws: ``InputError`` if the file cannot be opened, is empty, or has no header.
  public init(path: String, delimiter: CSVDelimiter? = nil, blockSize: Int = 1 << 20) throws(InputError) {
    self.path = InputFile.displayName(path)
    let f = try InputFile.open(path)
    scanner = Scanner(file: f, capacity: max(blockSize, 64))
    scanner.fill()
    // UTF-8 byte-order mark.
    let b = scanner.buffer
    if scanner.count >= 3 && b[0] == 0xEF && b[1] == 0xBB && b[2] == 0xBF { scanner.position = 3 }
    self.delimiter = delimiter ?? CSVDelimiter.detect(
      in: UnsafeBufferPointer(start: scanner.buffer + scanner.position, count: scanner.count - scanner.position))
    scanner.delimiter = self.delimiter.byte
    // UTF-16 (what spreadsheets save as "Unicode text"): say so rather than misread it.
    if scanner.count >= 2 && ((b[0] == 0xFF && b[1] == 0xFE) || (b[0] == 0xFE && b[1] == 0xFF)) {
      throw InputError(
        file: self.path, line: 1,
        message: "the file is UTF-16 (a spreadsheet's \"Unicode text\"); save it as CSV in UTF-8")
    }
    guard try nextRecord() else {
      throw InputError(file: self.path, line: 0, message: "the file is empty: a header line is expected")
    }
    header = (0..<fieldCount).map { string($0).trimmed() }
    foldedHeader = header.map { $0.lowercased() }
  }

  deinit { scanner.release() }

  /// Opens `path` at byte `offset`, which must start a record, to read the records that
  /// start before `end` with the header and delimiter of `first` (a reader of the same file
  /// opened at its start). Lines are counted from 1 at `offset`. For parallel reading: a
  /// part's reader must end exactly at `end` (``offset``), or `offset` was not a record
  /// boundary of the file (a quoted line break) and the part is void.
  ///
  /// - Throws: ``InputError`` if the file cannot be opened or positioned.
  init(part path: String, of first: CSVReader, from offset: Int, to end: Int, blockSize: Int = 1 << 20) throws(InputError) {
    self.path = first.path
    let f = try InputFile.open(path)
    if fseek(f, offset, SEEK_SET) != 0 {
      fclose(f)
      throw InputError(file: first.path, line: 0, message: "cannot seek to byte \(offset)")
    }
    scanner = Scanner(file: f, capacity: max(blockSize, 64))
    scanner.consumed = offset
    scanner.limit = end
    delimiter = first.delimiter
    scanner.delimiter = first.delimiter.byte
    header = first.header
    foldedHeader = first.foldedHeader
    requiredWidth = first.requiredWidth
    scanner.fill()
  }

  /// Reading stops before a record that starts at or after file offset `end`.
  func stop(at end: Int) { scanner.limit = end }

  /// The file offset of the next byte to parse.
  var offset: Int { scanner.consumed + scanner.position }

  /// Closes the file (also done at the end of input).
  public func close() { scanner.closeFile() }

  /// The number of fields in the current record.
  public var fieldCount: Int { scanner.fieldCount }

  /// The index of column `name` (matched ignoring case and surrounding spaces), or `nil`.
  public func column(_ name: String) -> Int? {
    foldedHeader.firstIndex(of: name.trimmed().lowercased())
  }

  /// The index of column `name`.
  ///
  /// - Throws: ``InputError`` naming the missing column and the header found.
  public func requireColumn(_ name: String) throws(InputError) -> Int {
    guard let c = column(name) else {
      throw InputError(
        file: path, line: 1, column: name,
        message: "missing column; the header has \(header.map { "'\(InputError.show($0))'" }.joined(separator: ", "))\(delimiterHint)")
    }
    requiredWidth = max(requiredWidth, c + 1)
    return c
  }

  /// A hint for a missing column when the header reads as one field.
  private var delimiterHint: String {
    header.count == 1 ? " (read with the \(delimiter) delimiter; give --delimiter if that is wrong)" : ""
  }

  /// Moves to the next record; `false` at the end of the file.
  ///
  /// - Throws: ``InputError`` for an unterminated quoted field, a read error, a record that
  ///   stops before a required column ("row has 2 fields, the header has 3"), or one with
  ///   non-empty fields beyond the header.
  public func nextRecord() throws(InputError) -> Bool {
    let more = try scanner.nextRecord(path: path)
    line = scanner.line
    if more && !header.isEmpty && scanner.fieldCount != header.count { try checkFieldCount(scanner) }
    return more
  }

  /// Rejects a record that stops before a required column, or that has more fields than the
  /// header unless the extra fields are empty (spreadsheets pad rows with empty cells).
  private func checkFieldCount(_ s: Scanner) throws(InputError) {
    let n = s.fieldCount
    if n < header.count && n >= requiredWidth { return }  // only optional columns missing
    if n > header.count {
      var extraAreEmpty = true
      for i in header.count..<n {
        var a = s.starts[i]
        let e = s.ends[i]
        while a < e && (s.buffer[a] == 0x20 || s.buffer[a] == 0x09) { a += 1 }
        if a < e {
          extraAreEmpty = false
          break
        }
      }
      if extraAreEmpty { return }
      throw InputError(
        file: path, line: s.line, column: "#\(header.count + 1)",
        message: "row has \(n) fields, the header has \(header.count) (an unquoted \(delimiter == .comma ? "comma" : "delimiter") in a field?)")
    }
    throw InputError(
      file: path, line: s.line, column: header[n],
      message: "row has \(n) field\(n == 1 ? "" : "s"), the header has \(header.count)")
  }

  /// Calls `body` for every remaining record with a lightweight view of its fields: the
  /// bulk path for large files (no per-field calls into the reader).
  ///
  /// Inside `body`, read fields through the record; ``line`` and ``fieldError(_:_:)`` are
  /// kept current, the reader's own field accessors are not.
  ///
  /// - Throws: whatever `body` throws, and ``InputError`` for malformed CSV.
  public func forEachRecord(_ body: (borrowing CSVRecord) throws(InputError) -> Void) throws(InputError) {
    var local = scanner
    defer { scanner = local }
    let width = header.count
    while try local.nextRecord(path: path) {
      line = local.line  // for errors raised through fieldError(_:_:) by the body
      if local.fieldCount != width { try checkFieldCount(local) }
      let record = CSVRecord(
        base: local.buffer, starts: local.starts, ends: local.ends, count: local.fieldCount, line: local.line)
      try body(record)
    }
    line = local.line
  }

  /// The parser proper: a block of raw memory, the current record's field ranges, and the
  /// position in the file.
  struct Scanner {
    var file: UnsafeMutablePointer<FILE>?
    var buffer: UnsafeMutablePointer<UInt8>
    var capacity: Int
    var count = 0  // valid bytes in buffer
    var position = 0  // parse position
    var eof = false
    var nextLine = 1
    var line = 0
    var starts: UnsafeMutablePointer<Int>
    var ends: UnsafeMutablePointer<Int>
    var fieldCapacity = 16
    var fieldCount = 0
    var delimiter: UInt8 = 0x2C
    /// The file offset of `buffer[0]`.
    var consumed = 0
    /// The file offset at which reading stops, as at the end of the file (a part of a file
    /// read in parallel; see `CSVReader.init(part:)`).
    var limit = Int.max

    init(file: UnsafeMutablePointer<FILE>, capacity: Int) {
      self.file = file
      self.capacity = capacity
      buffer = .allocate(capacity: capacity)
      starts = .allocate(capacity: 16)
      ends = .allocate(capacity: 16)
    }

    mutating func release() {
      closeFile()
      buffer.deallocate()
      starts.deallocate()
      ends.deallocate()
    }

    mutating func closeFile() {
      if let f = file { fclose(f) }
      file = nil
    }

    mutating func nextRecord(path: String) throws(InputError) -> Bool {
      while true {
        if consumed &+ position >= limit { return false }
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
        if c == 0x0D {
          if position + 1 >= count && !eof {
            compactAndFill()
            continue
          }
          if position + 1 < count && buffer[position + 1] == 0x0A {
            position += 2
            nextLine += 1
            continue
          }
        }
        if try parseRecord(path: path) { return true }
        // The record runs past the block: read more and parse it again from its start.
        compactAndFill()
      }
    }

    mutating func grow() {
      let bigger = fieldCapacity * 2
      let ns = UnsafeMutablePointer<Int>.allocate(capacity: bigger)
      let ne = UnsafeMutablePointer<Int>.allocate(capacity: bigger)
      ns.update(from: starts, count: fieldCount)
      ne.update(from: ends, count: fieldCount)
      starts.deallocate()
      ends.deallocate()
      starts = ns
      ends = ne
      fieldCapacity = bigger
    }

    /// Parses one record starting at `position`. Returns false if the block ends first (and
    /// more input may follow).
    mutating func parseRecord(path: String) throws(InputError) -> Bool {
      let b = buffer
      let n = count
      let atEOF = eof
      let d = delimiter
      var p = position
      var lines = 0
      fieldCount = 0
      while true {
        // One field.
        if p < n && b[p] == 0x22 {  // quoted: unescape in place
          p += 1
          let s = p
          var w = p
          while true {
            if p >= n {
              if atEOF { throw InputError(file: path, line: nextLine, message: "a quoted field is not closed") }
              return false
            }
            let ch = b[p]
            if ch == 0x22 {
              if p + 1 >= n && !atEOF { return false }
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
          if fieldCount == fieldCapacity { grow() }
          starts[fieldCount] = s
          ends[fieldCount] = w
          fieldCount += 1
          while p < n && (b[p] == 0x20 || (b[p] == 0x09 && d != 0x09)) { p += 1 }  // spaces after the closing quote
        } else {
          let s = p
          while p < n {
            let ch = b[p]
            if ch == d || ch == 0x0A || ch == 0x0D { break }
            p += 1
          }
          if p >= n && !atEOF { return false }
          if fieldCount == fieldCapacity { grow() }
          starts[fieldCount] = s
          ends[fieldCount] = p
          fieldCount += 1
        }
        if p >= n { break }  // the end of the file ends the record
        let ch = b[p]
        if ch == d {
          p += 1
          continue
        }
        if ch == 0x0D {
          if p + 1 >= n && !atEOF { return false }
          p += 1
          if p < n && b[p] == 0x0A { p += 1 }
        } else if ch == 0x0A {
          p += 1
        } else {
          throw InputError(
            file: path, line: nextLine + lines,
            message: "unexpected character '\(InputError.show([ch]))' after a closing quote in field \(fieldCount)")
        }
        break
      }
      position = p
      line = nextLine
      nextLine += lines + 1
      return true
    }

    mutating func compactAndFill() {
      if position > 0 {
        let remaining = count - position
        if remaining > 0 { memmove(buffer, buffer + position, remaining) }
        consumed += position
        count = remaining
        position = 0
      } else if count == capacity {  // one record longer than a block: grow
        let bigger = UnsafeMutablePointer<UInt8>.allocate(capacity: capacity * 2)
        bigger.update(from: buffer, count: count)
        buffer.deallocate()
        buffer = bigger
        capacity *= 2
      }
      fill()
    }

    mutating func fill() {
      guard let f = file, !eof else { return }
      let room = capacity - count
      let got = fread(buffer + count, 1, room, f)
      count += got
      if got < room {
        eof = true
        closeFile()
      }
    }
  }

  // MARK: Fields

  /// The bytes of field `i`, trimmed of spaces; valid until the next record. Empty when the
  /// record has fewer fields.
  @inline(__always)
  public func bytes(_ i: Int) -> UnsafeBufferPointer<UInt8> {
    guard i < scanner.fieldCount else { return UnsafeBufferPointer(start: nil, count: 0) }
    let buffer = scanner.buffer
    var s = scanner.starts[i]
    var e = scanner.ends[i]
    while s < e && buffer[s] == 0x20 { s += 1 }
    while e > s && buffer[e - 1] == 0x20 { e -= 1 }
    return UnsafeBufferPointer(start: buffer + s, count: e - s)
  }

  /// Whether field `i` is absent or empty (after trimming spaces).
  public func isEmpty(_ i: Int) -> Bool { bytes(i).count == 0 }

  /// Field `i` as a string ("" when the record is short).
  public func string(_ i: Int) -> String {
    guard i < scanner.fieldCount else { return "" }
    let s = scanner.starts[i]
    return String(decoding: UnsafeBufferPointer(start: scanner.buffer + s, count: scanner.ends[i] - s), as: UTF8.self)
  }

  /// Field `i` trimmed of surrounding spaces (the usual form of an id).
  public func trimmed(_ i: Int) -> String { string(i).trimmed() }

  /// Calls `body` with the bytes of field `i` (see ``bytes(_:)``).
  @inline(__always)
  public func withBytes<R, E: Error>(
    _ i: Int, _ body: (UnsafeBufferPointer<UInt8>) throws(E) -> R
  ) throws(E) -> R {
    try body(bytes(i))
  }

  /// Field `i` as an integer.
  ///
  /// - Throws: ``InputError`` naming the column when the field is empty or not an integer.
  @inline(__always)
  public func int(_ i: Int) throws(InputError) -> Int {
    guard let v = parseInteger(bytes(i)) else { throw fieldError(i, "\"\(quoted(i))\" is not an integer") }
    return v
  }

  /// Field `i` as a floating-point number.
  public func double(_ i: Int) throws(InputError) -> Double {
    // Plain digits (the usual weight or count) need no string: exact up to 15 digits.
    let b = bytes(i)
    if b.count > 0 && b.count <= 15 && b.allSatisfy({ $0 &- 0x30 < 10 }) { return Double(parseInteger(b)!) }
    let s = trimmed(i)
    guard let v = Double(s) else { throw fieldError(i, "\"\(quoted(i))\" is not a number") }
    return v
  }

  /// Field `i` (trimmed) as printable text for a message: control and invalid bytes escaped,
  /// long fields cut (see `InputError.show`).
  public func quoted(_ i: Int) -> String { InputError.show(bytes(i)) }

  /// An error for field `i` of the current record.
  public func fieldError(_ i: Int, _ message: String) -> InputError {
    InputError(file: path, line: line, column: i < header.count ? header[i] : "#\(i + 1)", message: message)
  }

  /// An error for the current record.
  public func recordError(_ message: String) -> InputError {
    InputError(file: path, line: line, message: message)
  }
}


/// The fields of one record, valid only inside ``CSVReader/forEachRecord(_:)``'s closure.
public struct CSVRecord: ~Copyable {
  @usableFromInline let base: UnsafeMutablePointer<UInt8>
  @usableFromInline let starts: UnsafeMutablePointer<Int>
  @usableFromInline let ends: UnsafeMutablePointer<Int>
  /// The number of fields.
  public let count: Int
  /// The 1-based line where the record starts.
  public let line: Int

  @usableFromInline
  init(base: UnsafeMutablePointer<UInt8>, starts: UnsafeMutablePointer<Int>, ends: UnsafeMutablePointer<Int>, count: Int, line: Int) {
    self.base = base
    self.starts = starts
    self.ends = ends
    self.count = count
    self.line = line
  }

  /// The bytes of field `i`, trimmed of spaces (empty when the record is short).
  @inlinable @inline(__always)
  public func bytes(_ i: Int) -> UnsafeBufferPointer<UInt8> {
    guard i < count else { return UnsafeBufferPointer(start: nil, count: 0) }
    var s = starts[i]
    var e = ends[i]
    while s < e && base[s] == 0x20 { s += 1 }
    while e > s && base[e - 1] == 0x20 { e -= 1 }
    return UnsafeBufferPointer(start: base + s, count: e - s)
  }

  /// Field `i` as a decimal integer, or `nil` when it is not one.
  @inlinable @inline(__always)
  public func int(_ i: Int) -> Int? { parseInteger(bytes(i)) }

  /// Field `i` as a string, trimmed of spaces.
  public func string(_ i: Int) -> String { String(decoding: bytes(i), as: UTF8.self) }

  /// Field `i` (trimmed) as printable text for a message: control and invalid bytes escaped,
  /// long fields cut.
  public func quoted(_ i: Int) -> String { InputError.show(bytes(i)) }
}

/// `bytes` as a decimal integer with an optional sign (at most 18 digits), or `nil`.
@inlinable @inline(__always)
public func parseInteger(_ f: UnsafeBufferPointer<UInt8>) -> Int? {
  let n = f.count
  var k = 0
  var negative = false
  if k < n && (f[k] == 0x2D || f[k] == 0x2B) {
    negative = f[k] == 0x2D
    k += 1
  }
  guard k < n && n - k <= 18 else { return nil }
  var v = 0
  while k < n {
    let d = Int(f[k]) &- 48
    guard d >= 0 && d <= 9 else { return nil }
    v = v &* 10 &+ d
    k += 1
  }
  return negative ? -v : v
}
