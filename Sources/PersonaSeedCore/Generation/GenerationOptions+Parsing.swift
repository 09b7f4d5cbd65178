extension GenerationOptions {
    /// Local engines: sizes are multiples of 8 (the latent is 1/8 of the image) in this range.
    public static let localSideRange = 256...2048

    /// Reads the optional body of a generate call, listing every problem as a 422 would.
    /// `nil` (no body at all) gives the defaults.
    public static func parse(_ body: JSONValue?, for target: GenerationTarget) throws(ValidationFailure) -> GenerationOptions {
        var options = GenerationOptions()
        guard let body, !body.isNull else { return options }
        var reader = try FieldReader(body)
        options.promptSuffix = reader.string("prompt_suffix", max: 2000)
        options.negativePrompt = reader.string("negative_prompt", max: 2000)
        options.seed = reader.integer("seed", in: 0...maxSeed)
        options.steps = reader.integer("steps", in: 1...Int64(maxSteps)).map(Int.init)
        options.count = reader.integer("count", in: 1...Int64(maxCount)).map(Int.init) ?? 1
        if let size = reader.string("size", max: 20) {
            if let (width, height) = parseSize(size, for: target, reader: &reader) {
                options.width = width
                options.height = height
            }
        }
        if let value = reader.present("reference") {
            options.reference = reference(value, reader: &reader)
        }
        if let url = reader.string("callback_url", max: 2000) {
            if CallbackURL.isAcceptable(url) {
                options.callbackURL = url
            } else {
                reader.errors.append(.body(
                    .key("callback_url"), msg: "URL should be an absolute http or https URL with a host",
                    type: "url_parsing"))
            }
        }
        guard reader.errors.isEmpty else { throw ValidationFailure(reader.errors) }
        return options
    }

    private static func parseSize(
        _ text: String, for target: GenerationTarget, reader: inout FieldReader
    ) -> (Int, Int)? {
        if let allowed = target.allowedSizes {
            guard allowed.contains(text), let size = splitSize(text) else {
                reader.errors.append(.body(
                    .key("size"), msg: "Input should be \(quotedChoices(allowed))", type: "literal_error"))
                return nil
            }
            return size
        }
        guard let (width, height) = splitSize(text), localSideRange.contains(width), localSideRange.contains(height),
            width % 8 == 0, height % 8 == 0
        else {
            reader.errors.append(.body(
                .key("size"),
                msg: "Value error, size must be WIDTHxHEIGHT with each side a multiple of 8 from "
                    + "\(localSideRange.lowerBound) to \(localSideRange.upperBound)",
                type: "value_error"))
            return nil
        }
        return (width, height)
    }

    private static func splitSize(_ text: String) -> (Int, Int)? {
        let parts = text.split(separator: "x", omittingEmptySubsequences: false)
        guard parts.count == 2, parts.allSatisfy({ !$0.isEmpty && $0.allSatisfy(\.isASCII) && $0.allSatisfy(\.isNumber) }),
            let width = Int(parts[0]), let height = Int(parts[1])
        else { return nil }
        return (width, height)
    }

    private static func reference(_ value: JSONValue, reader: inout FieldReader) -> Reference {
        switch value {
        case .string("current"): return .current
        case .string("none"): return .none
        case .number(let number) where number == number.rounded() && number >= 1 && number <= 1_000_000_000:
            return .version(Int(number))
        default:
            reader.errors.append(.body(
                .key("reference"), msg: "Input should be 'current', 'none' or a version number ≥ 1",
                type: "value_error"))
            return .current
        }
    }

    private static func quotedChoices(_ values: [String]) -> String {
        let quoted = values.map { "'\($0)'" }
        return quoted.dropLast().joined(separator: ", ") + " or " + quoted.last!
    }
}

extension FieldReader {
    mutating func integer(_ key: String, in range: ClosedRange<Int64>) -> Int64? {
        guard let value = present(key) else { return nil }
        // JSON numbers arrive as doubles: a whole one within ±2^53 is exact.
        guard case .number(let number) = value, number == number.rounded(), abs(number) <= 9_007_199_254_740_992 else {
            errors.append(.body(.key(key), msg: "Input should be a valid integer", type: "int_type"))
            return nil
        }
        let integer = Int64(number)
        if integer < range.lowerBound {
            errors.append(.body(
                .key(key), msg: "Input should be greater than or equal to \(range.lowerBound)", type: "greater_than_equal"))
            return nil
        }
        if integer > range.upperBound {
            errors.append(.body(
                .key(key), msg: "Input should be less than or equal to \(range.upperBound)", type: "less_than_equal"))
            return nil
        }
        return integer
    }
}

/// Where a finished job may be reported.
public enum CallbackURL {
    public static func isAcceptable(_ text: String) -> Bool {
        let lowered = text.lowercased()
        guard lowered.hasPrefix("http://") || lowered.hasPrefix("https://") else { return false }
        let rest = text.drop(while: { $0 != ":" }).dropFirst(3)
        let host = rest.prefix(while: { $0 != "/" && $0 != "?" && $0 != "#" })
        return !host.isEmpty && !text.contains(where: { $0.isWhitespace || $0.asciiValue.map { $0 < 0x20 } ?? false })
    }

    /// The host of an acceptable callback URL, lowercased, without user info, port or IPv6 brackets.
    public static func host(of text: String) -> String? {
        guard isAcceptable(text) else { return nil }
        let authority = text.drop(while: { $0 != ":" }).dropFirst(3).prefix(while: { $0 != "/" && $0 != "?" && $0 != "#" })
        let hostAndPort = authority.split(separator: "@", omittingEmptySubsequences: false).last ?? authority
        if hostAndPort.hasPrefix("[") {
            return hostAndPort.dropFirst().prefix(while: { $0 != "]" }).lowercased()
        }
        return hostAndPort.prefix(while: { $0 != ":" }).lowercased()
    }

    /// `WEBHOOK_ALLOWED_HOSTS`: no entries allows every host; `example.com` allows that host only,
    /// `.example.com` its subdomains.
    public static func isAllowed(_ text: String, hosts: [String]) -> Bool {
        guard !hosts.isEmpty else { return true }
        guard let host = host(of: text), !host.isEmpty else { return false }
        return hosts.contains { entry in
            let entry = entry.lowercased()
            return entry.hasPrefix(".") ? host.hasSuffix(entry) : host == entry
        }
    }
}
