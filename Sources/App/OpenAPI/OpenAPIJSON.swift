import Foundation

/// A JSON value written with Swift literals, keys kept in the order written: the OpenAPI document is
/// built from these so that it reads top-down (info, paths in route order, then schemas) and so that
/// enums come from the domain's own types instead of copies that could drift.
indirect enum OpenAPIJSON: Sendable, Equatable {
    case null
    case bool(Bool)
    case int(Int)
    /// A fraction (`identity_strength`'s default); a whole number is better written as `.int`.
    case double(Double)
    case string(String)
    case array([OpenAPIJSON])
    case object([(String, OpenAPIJSON)])

    static func == (lhs: OpenAPIJSON, rhs: OpenAPIJSON) -> Bool {
        lhs.rendered() == rhs.rendered()
    }

    /// The value at `key` of an object, nil otherwise.
    subscript(key: String) -> OpenAPIJSON? {
        guard case .object(let pairs) = self else { return nil }
        return pairs.first { $0.0 == key }?.1
    }

    /// This object with `pairs` added (a key already present is replaced in place).
    func adding(_ pairs: [(String, OpenAPIJSON)]) -> OpenAPIJSON {
        guard case .object(var own) = self else { return self }
        for (key, value) in pairs {
            if let index = own.firstIndex(where: { $0.0 == key }) { own[index].1 = value } else { own.append((key, value)) }
        }
        return .object(own)
    }

    /// Compact JSON text.
    func rendered() -> String {
        var out = ""
        write(to: &out)
        return out
    }

    private func write(to out: inout String) {
        switch self {
        case .null: out += "null"
        case .bool(let value): out += value ? "true" : "false"
        case .int(let value): out += String(value)
        // Swift prints the shortest text that reads back as the same Double (0.6, not 0.59999…).
        case .double(let value): out += value.isFinite ? String(value) : "null"
        case .string(let value): Self.writeString(value, to: &out)
        case .array(let values):
            out += "["
            for (index, value) in values.enumerated() {
                if index > 0 { out += "," }
                value.write(to: &out)
            }
            out += "]"
        case .object(let pairs):
            out += "{"
            for (index, (key, value)) in pairs.enumerated() {
                if index > 0 { out += "," }
                Self.writeString(key, to: &out)
                out += ":"
                value.write(to: &out)
            }
            out += "}"
        }
    }

    private static func writeString(_ text: String, to out: inout String) {
        out += "\""
        for scalar in text.unicodeScalars {
            switch scalar {
            case "\"": out += "\\\""
            case "\\": out += "\\\\"
            case "\n": out += "\\n"
            case "\r": out += "\\r"
            case "\t": out += "\\t"
            case _ where scalar.value < 0x20:
                out += String(format: "\\u%04x", scalar.value)
            default: out.unicodeScalars.append(scalar)
            }
        }
        out += "\""
    }
}

extension OpenAPIJSON: ExpressibleByStringLiteral, ExpressibleByIntegerLiteral, ExpressibleByFloatLiteral,
    ExpressibleByBooleanLiteral, ExpressibleByArrayLiteral, ExpressibleByDictionaryLiteral, ExpressibleByNilLiteral
{
    init(stringLiteral value: String) { self = .string(value) }
    init(integerLiteral value: Int) { self = .int(value) }
    init(floatLiteral value: Double) { self = .double(value) }
    init(booleanLiteral value: Bool) { self = .bool(value) }
    init(arrayLiteral elements: OpenAPIJSON...) { self = .array(elements) }
    init(dictionaryLiteral elements: (String, OpenAPIJSON)...) { self = .object(elements) }
    init(nilLiteral: ()) { self = .null }
}
