import Foundation

/// ComfyUI's `validate_prompt`, for the classes the fake knows: same error types, messages and
/// shapes (spec/generation.md, "Observed").
struct FakeComfyValidation {
    struct Failure: Error {
        var error: FakeJSON
        var nodeErrors: FakeJSON
    }

    let prompt: [String: FakeJSON]
    let classes: [String: FakeComfyNodeClass]

    /// The output nodes to run, or the 400 answer's `error` and `node_errors`.
    func validate() -> Result<[String], Failure> {
        for id in prompt.keys.sorted() {
            guard let classType = prompt[id]?["class_type"]?.string else {
                return .failure(Self.invalidPrompt("Cannot execute because a node is missing the class_type property.", id))
            }
            guard classes[classType] != nil else {
                return .failure(Self.invalidPrompt("Cannot execute because node \(classType) does not exist.", id))
            }
        }
        let outputs = prompt.keys.sorted().filter { classes[prompt[$0]?["class_type"]?.string ?? ""]?.isOutput == true }
        guard !outputs.isEmpty else {
            return .failure(Failure(
                error: ["type": "prompt_no_outputs", "message": "Prompt has no outputs", "details": "", "extra_info": [:]],
                nodeErrors: [:]))
        }
        var errors: [String: [FakeJSON]] = [:]
        var dependents: [String: Set<String>] = [:]
        for output in outputs {
            var visited: Set<String> = []
            check(output, errors: &errors, visited: &visited)
            for node in visited { dependents[node, default: []].insert(output) }
        }
        guard !errors.isEmpty else { return .success(outputs) }
        var nodeErrors: [String: FakeJSON] = [:]
        for (id, list) in errors {
            nodeErrors[id] = [
                "errors": .array(list),
                "dependent_outputs": .array((dependents[id] ?? []).sorted().map { .string($0) }),
                "class_type": .string(prompt[id]?["class_type"]?.string ?? ""),
            ]
        }
        return .failure(Failure(
            error: ["type": "prompt_outputs_failed_validation", "message": "Prompt outputs failed validation",
                    "details": "", "extra_info": [:]],
            nodeErrors: .object(nodeErrors)))
    }

    private static func invalidPrompt(_ message: String, _ id: String) -> Failure {
        Failure(
            error: ["type": "invalid_prompt", "message": .string(message), "details": .string("Node ID '#\(id)'"),
                    "extra_info": [:]],
            nodeErrors: [:])
    }

    private func check(_ id: String, errors: inout [String: [FakeJSON]], visited: inout Set<String>) {
        guard visited.insert(id).inserted,
              let node = prompt[id], let nodeClass = classes[node["class_type"]?.string ?? ""]
        else { return }
        let inputs = node["inputs"]?.object ?? [:]
        for (name, input) in nodeClass.inputs {
            guard let value = inputs[name] else {
                errors[id, default: []].append(Self.error(
                    "required_input_missing", "Required input is missing", name, extra: ["input_name": .string(name)]))
                continue
            }
            if case .array = value {
                checkLink(value, name: name, input: input, at: id, errors: &errors, visited: &visited)
            } else if let problem = Self.problem(with: value, name: name, input: input) {
                errors[id, default: []].append(problem)
            }
        }
    }

    private func checkLink(
        _ value: FakeJSON, name: String, input: FakeComfyNodeClass.Input, at id: String,
        errors: inout [String: [FakeJSON]], visited: inout Set<String>
    ) {
        guard let link = value.link else {
            errors[id, default: []].append(Self.error(
                "bad_linked_input", "Bad linked input, must be a length-2 list of [string, int]", name,
                extra: ["input_name": .string(name), "received_value": value]))
            return
        }
        guard let target = prompt[link.node], let targetClass = classes[target["class_type"]?.string ?? ""] else {
            errors[id, default: []].append(Self.error(
                "required_input_missing", "Required input is missing",
                "\(name): linked node '#\(link.node)' does not exist", extra: ["input_name": .string(name)]))
            return
        }
        let received = targetClass.outputs.indices.contains(link.output) ? targetClass.outputs[link.output] : "nothing"
        let expected = if case .linked(let type) = input { type } else { "a literal" }
        guard received == expected else {
            errors[id, default: []].append(Self.error(
                "return_type_mismatch", "Return type mismatch between linked nodes",
                "\(name), received_type(\(received)) mismatch input_type(\(expected))",
                extra: ["input_name": .string(name), "received_type": .string(received), "linked_node": value]))
            return
        }
        check(link.node, errors: &errors, visited: &visited)
    }

    private static func problem(with value: FakeJSON, name: String, input: FakeComfyNodeClass.Input) -> FakeJSON? {
        let extra: FakeJSON = ["input_name": .string(name), "input_config": FakeComfyNodeClass.spec(input), "received_value": value]
        switch input {
        case .linked(let type):
            return error("invalid_input_type", "Failed to convert an input value to a \(type) value",
                         "\(name), \(value.pythonDescription)", extra: extra)
        case .string:
            return nil
        case .int(_, let min, let max):
            guard let number = value.number, number == number.rounded() else {
                return error("invalid_input_type", "Failed to convert an input value to a INT value",
                             "\(name), \(value.pythonDescription), invalid literal for int()", extra: extra)
            }
            return range(number, min: Double(min), max: Double(max), name: name, extra: extra)
        case .float(_, let min, let max):
            guard let number = value.number else {
                return error("invalid_input_type", "Failed to convert an input value to a FLOAT value",
                             "\(name), \(value.pythonDescription), could not convert string to float", extra: extra)
            }
            return range(number, min: min, max: max, name: name, extra: extra)
        case .combo(let choices):
            guard let text = value.string, choices.contains(text) else {
                let listed = choices.count > 20
                    ? "(list of length \(choices.count))" : FakeJSON.array(choices.map { .string($0) }).pythonDescription
                return error("value_not_in_list", "Value not in list", "\(name): \(value.pythonDescription) not in \(listed)",
                             extra: extra)
            }
            return nil
        case .inputFile(let files):
            guard let text = value.string, files.contains(text) else {
                return error("custom_validation_failed", "Custom validation failed for node",
                             "\(name) - Invalid image file: \(value.string ?? value.pythonDescription)", extra: ["input_name": .string(name)])
            }
            return nil
        }
    }

    private static func range(_ number: Double, min: Double, max: Double, name: String, extra: FakeJSON) -> FakeJSON? {
        if number < min {
            return error("value_smaller_than_min", "Value \(number) smaller than min of \(min)", name, extra: extra)
        }
        if number > max {
            return error("value_bigger_than_max", "Value \(number) bigger than max of \(max)", name, extra: extra)
        }
        return nil
    }

    private static func error(_ type: String, _ message: String, _ details: String, extra: FakeJSON) -> FakeJSON {
        ["type": .string(type), "message": .string(message), "details": .string(details), "extra_info": extra]
    }
}
