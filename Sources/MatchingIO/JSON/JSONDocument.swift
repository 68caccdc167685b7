/// A JSON document read with the position of every value, so that a reader can say which
/// line and character of the file a bad value is on.
///
/// ```swift
/// let doc = try JSONDocument(bytes: Array("{\n \"a\": [1, 2]\n}".utf8), file: "x.json")
/// doc.root["a"]?[1]?.number          // 2
/// doc.error(at: doc.root["a"]!, "bad").description   // "x.json:2:7: bad"
/// ```
///
/// Syntax errors are ``InputError``s at `file:line:character` (lines and characters counted
/// from 1; a character is a Unicode scalar). Objects keep their members in file order and
/// reject a repeated key; nesting deeper than ``depthLimit`` is an error rather than a stack
/// overflow. Numbers keep their text, so a reader can range-check them before converting.
public struct JSONDocument: Sendable {
  /// A value and where it starts.
  public struct Node: Sendable {
    /// The value.
    public var value: Value
    /// The byte offset of the value's first byte in the file.
    public var offset: Int

    /// The member `key` of an object, or `nil`.
    public subscript(key: String) -> Node? {
      guard case .object(let members) = value else { return nil }
      return members.first { $0.key == key }?.value
    }

    /// Element `i` of an array, or `nil`.
    public subscript(i: Int) -> Node? {
      guard case .array(let items) = value, i >= 0, i < items.count else { return nil }
      return items[i]
    }

    /// The number, if the value is one.
    public var number: Double? {
      if case .number(let v, _) = value { return v }
      return nil
    }

    /// The string, if the value is one.
    public var string: String? {
      if case .string(let s) = value { return s }
      return nil
    }

    /// The members, if the value is an object.
    public var members: [Member]? {
      if case .object(let m) = value { return m }
      return nil
    }

    /// The elements, if the value is an array.
    public var items: [Node]? {
      if case .array(let a) = value { return a }
      return nil
    }

    /// What kind of value this is, for messages ("an object", "a number", ...).
    public var kind: String {
      switch value {
      case .null: "null"
      case .bool: "a boolean"
      case .number: "a number"
      case .string: "a string"
      case .array: "an array"
      case .object: "an object"
      }
    }
  }

  /// An object member.
  public struct Member: Sendable {
    public var key: String
    /// The byte offset of the key's opening quote.
    public var keyOffset: Int
    public var value: Node
  }

  /// A JSON value.
  public indirect enum Value: Sendable {
    case null
    case bool(Bool)
    /// The number and its text as written.
    case number(Double, text: String)
    case string(String)
    case array([Node])
    case object([Member])
  }

  /// The deepest nesting of arrays and objects read.
  public static let depthLimit = 512

  /// The file name messages use.
  public let file: String
  /// The top-level value.
  public let root: Node
  /// Byte offsets where lines start (line *k* starts at `lineStarts[k - 1]`).
  private let lineStarts: [Int]
  private let bytes: [UInt8]

  /// Parses `bytes`.
  ///
  /// - Parameters:
  ///   - bytes: the file's contents (a UTF-8 byte-order mark is skipped).
  ///   - file: the name errors carry.
  /// - Throws: ``InputError`` at the line and character of the first syntax error.
  /// - Complexity: O(*b*) for *b* bytes.
  public init(bytes: [UInt8], file: String) throws(InputError) {
    self.file = file
    self.bytes = bytes
    var starts = [0]
    for (i, b) in bytes.enumerated() where b == 0x0A { starts.append(i + 1) }
    lineStarts = starts
    var parser = Parser(bytes: bytes)
    do throws(Parser.Failure) {
      if bytes.count >= 3 && bytes[0] == 0xEF && bytes[1] == 0xBB && bytes[2] == 0xBF { parser.position = 3 }
      parser.skipSpace()
      guard parser.position < bytes.count else { throw Parser.Failure(offset: parser.position, message: "the file is empty: a JSON value is expected") }
      root = try parser.value(depth: 0)
      parser.skipSpace()
      if parser.position < bytes.count {
        throw Parser.Failure(offset: parser.position, message: "unexpected \(parser.describe(parser.position)) after the JSON value")
      }
    } catch {
      let (line, character) = Self.lineAndCharacter(of: error.offset, bytes: bytes, lineStarts: starts)
      throw InputError(file: file, line: line, character: character, message: "invalid JSON: \(error.message)")
    }
  }

  /// The 1-based line and character of byte `offset`.
  public func position(of offset: Int) -> (line: Int, character: Int) {
    Self.lineAndCharacter(of: offset, bytes: bytes, lineStarts: lineStarts)
  }

  /// An error about `node`, at its line and character.
  public func error(at node: Node, _ message: String) -> InputError {
    error(atOffset: node.offset, message)
  }

  /// An error at byte `offset`.
  public func error(atOffset offset: Int, _ message: String) -> InputError {
    let (line, character) = position(of: offset)
    return InputError(file: file, line: line, character: character, message: message)
  }

  static func lineAndCharacter(of offset: Int, bytes: [UInt8], lineStarts: [Int]) -> (line: Int, character: Int) {
    // The last line start at or before offset.
    var lo = 0
    var hi = lineStarts.count - 1
    while lo < hi {
      let mid = (lo + hi + 1) / 2
      if lineStarts[mid] <= offset { lo = mid } else { hi = mid - 1 }
    }
    var character = 1
    var i = lineStarts[lo]
    let end = min(offset, bytes.count)
    while i < end {
      if bytes[i] & 0xC0 != 0x80 { character += 1 }
      i += 1
    }
    return (lo + 1, character)
  }

  /// A recursive-descent parser over bytes.
  struct Parser {
    struct Failure: Error {
      var offset: Int
      var message: String
    }
    let bytes: [UInt8]
    var position = 0

    mutating func skipSpace() {
      while position < bytes.count {
        let b = bytes[position]
        if b == 0x20 || b == 0x0A || b == 0x0D || b == 0x09 { position += 1 } else { break }
      }
    }

    func describe(_ offset: Int) -> String {
      guard offset < bytes.count else { return "end of file" }
      let b = bytes[offset]
      if b >= 0x21 && b < 0x7F { return "character '\(Character(Unicode.Scalar(b)))'" }
      return "byte '\(InputError.show([b]))'"
    }

    mutating func value(depth: Int) throws(Failure) -> Node {
      skipSpace()
      let start = position
      guard position < bytes.count else { throw Failure(offset: position, message: "unexpected end of file: a value is expected") }
      switch bytes[position] {
      case 0x7B:  // {
        guard depth < JSONDocument.depthLimit else {
          throw Failure(offset: start, message: "nesting deeper than \(JSONDocument.depthLimit) levels")
        }
        position += 1
        var members: [Member] = []
        var seen = Set<String>()
        skipSpace()
        if position < bytes.count && bytes[position] == 0x7D {
          position += 1
          return Node(value: .object(members), offset: start)
        }
        while true {
          skipSpace()
          let keyOffset = position
          guard position < bytes.count && bytes[position] == 0x22 else {
            throw Failure(offset: position, message: "expected a quoted key, found \(describe(position))")
          }
          let key = try string()
          guard seen.insert(key).inserted else {
            throw Failure(offset: keyOffset, message: "key \"\(InputError.show(key))\" appears twice in one object")
          }
          skipSpace()
          guard position < bytes.count && bytes[position] == 0x3A else {
            throw Failure(offset: position, message: "expected ':' after a key, found \(describe(position))")
          }
          position += 1
          let v = try value(depth: depth + 1)
          members.append(Member(key: key, keyOffset: keyOffset, value: v))
          skipSpace()
          guard position < bytes.count else { throw Failure(offset: position, message: "unexpected end of file in an object") }
          if bytes[position] == 0x2C {
            position += 1
            continue
          }
          if bytes[position] == 0x7D {
            position += 1
            return Node(value: .object(members), offset: start)
          }
          throw Failure(offset: position, message: "expected ',' or '}' in an object, found \(describe(position))")
        }
      case 0x5B:  // [
        guard depth < JSONDocument.depthLimit else {
          throw Failure(offset: start, message: "nesting deeper than \(JSONDocument.depthLimit) levels")
        }
        position += 1
        var items: [Node] = []
        skipSpace()
        if position < bytes.count && bytes[position] == 0x5D {
          position += 1
          return Node(value: .array(items), offset: start)
        }
        while true {
          items.append(try value(depth: depth + 1))
          skipSpace()
          guard position < bytes.count else { throw Failure(offset: position, message: "unexpected end of file in an array") }
          if bytes[position] == 0x2C {
            position += 1
            continue
          }
          if bytes[position] == 0x5D {
            position += 1
            return Node(value: .array(items), offset: start)
          }
          throw Failure(offset: position, message: "expected ',' or ']' in an array, found \(describe(position))")
        }
      case 0x22:
        return Node(value: .string(try string()), offset: start)
      case 0x74:
        try literal("true")
        return Node(value: .bool(true), offset: start)
      case 0x66:
        try literal("false")
        return Node(value: .bool(false), offset: start)
      case 0x6E:
        try literal("null")
        return Node(value: .null, offset: start)
      case 0x2D, 0x30...0x39:
        return try number()
      default:
        throw Failure(offset: position, message: "unexpected \(describe(position)): a value is expected")
      }
    }

    mutating func literal(_ word: String) throws(Failure) {
      let start = position
      for b in word.utf8 {
        guard position < bytes.count && bytes[position] == b else {
          throw Failure(offset: start, message: "unexpected \(describe(start)): did you mean \(word)?")
        }
        position += 1
      }
    }

    mutating func number() throws(Failure) -> Node {
      let start = position
      func digits() -> Int {
        let s = position
        while position < bytes.count && bytes[position] >= 0x30 && bytes[position] <= 0x39 { position += 1 }
        return position - s
      }
      if bytes[position] == 0x2D { position += 1 }
      let intStart = position
      let n = digits()
      guard n > 0 else { throw Failure(offset: position, message: "a number needs digits") }
      if n > 1 && bytes[intStart] == 0x30 { throw Failure(offset: intStart, message: "a number cannot start with 0") }
      if position < bytes.count && bytes[position] == 0x2E {
        position += 1
        guard digits() > 0 else { throw Failure(offset: position, message: "digits are expected after '.'") }
      }
      if position < bytes.count && (bytes[position] == 0x65 || bytes[position] == 0x45) {
        position += 1
        if position < bytes.count && (bytes[position] == 0x2B || bytes[position] == 0x2D) { position += 1 }
        guard digits() > 0 else { throw Failure(offset: position, message: "digits are expected in the exponent") }
      }
      let text = String(decoding: bytes[start..<position], as: UTF8.self)
      guard let v = Double(text), v.isFinite else {
        throw Failure(offset: start, message: "number \(InputError.show(text)) is out of range")
      }
      return Node(value: .number(v, text: text), offset: start)
    }

    mutating func string() throws(Failure) -> String {
      let open = position
      position += 1  // the opening quote
      var out: [UInt8] = []
      while true {
        guard position < bytes.count else { throw Failure(offset: open, message: "a string is not closed") }
        let b = bytes[position]
        if b == 0x22 {
          position += 1
          return String(decoding: out, as: UTF8.self)
        }
        if b < 0x20 {
          throw Failure(offset: position, message: "control byte '\(InputError.show([b]))' inside a string (escape it)")
        }
        if b != 0x5C {
          out.append(b)
          position += 1
          continue
        }
        position += 1
        guard position < bytes.count else { throw Failure(offset: open, message: "a string is not closed") }
        let e = bytes[position]
        position += 1
        switch e {
        case 0x22, 0x5C, 0x2F: out.append(e)
        case 0x62: out.append(0x08)
        case 0x66: out.append(0x0C)
        case 0x6E: out.append(0x0A)
        case 0x72: out.append(0x0D)
        case 0x74: out.append(0x09)
        case 0x75:
          var scalar = try hex4()
          if scalar >= 0xD800 && scalar < 0xDC00,
            position + 1 < bytes.count, bytes[position] == 0x5C, bytes[position + 1] == 0x75
          {
            position += 2
            let low = try hex4()
            if low >= 0xDC00 && low < 0xE000 { scalar = 0x10000 + ((scalar - 0xD800) << 10) + (low - 0xDC00) }
          }
          let u = Unicode.Scalar(scalar) ?? "\u{FFFD}"
          out.append(contentsOf: Array(String(Character(u)).utf8))
        default:
          throw Failure(offset: position - 2, message: "unknown escape '\\\(InputError.show([e]))' in a string")
        }
      }
    }

    mutating func hex4() throws(Failure) -> UInt32 {
      guard position + 4 <= bytes.count else { throw Failure(offset: position, message: "\\u needs four hex digits") }
      var v: UInt32 = 0
      for _ in 0..<4 {
        let b = bytes[position]
        let d: UInt32
        switch b {
        case 0x30...0x39: d = UInt32(b - 0x30)
        case 0x41...0x46: d = UInt32(b - 0x41 + 10)
        case 0x61...0x66: d = UInt32(b - 0x61 + 10)
        default: throw Failure(offset: position, message: "\\u needs four hex digits")
        }
        v = v << 4 | d
        position += 1
      }
      return v
    }
  }
}

extension JSONDocument.Node {
  /// The value as an integer id or count: an integer literal that fits in `Int` (read from
  /// its text, so exactly), or a whole number in another notation (`1e3`, `5.0`) written with
  /// at most 15 significant digits and below 2^53, where doubles are exact; `nil` for
  /// anything else, including
  /// 1e20 and 99999999999999999999, which no integer type here can hold.
  public var exactInteger: Int? {
    guard case .number(let v, let text) = value else { return nil }
    if !text.contains(where: { $0 == "." || $0 == "e" || $0 == "E" }) { return Int(text) }
    // At most 15 significant digits: then the double is the number written, to the digit.
    let mantissa = text.prefix { $0 != "e" && $0 != "E" }
    let significant = mantissa.filter(\.isNumber).drop { $0 == "0" }.count
    guard significant <= 15, v == v.rounded(), abs(v) < 9_007_199_254_740_992 else { return nil }
    return Int(v)
  }
}
