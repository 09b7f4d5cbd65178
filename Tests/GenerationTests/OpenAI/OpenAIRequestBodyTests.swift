import EngineFakes
import Foundation
import Generation
import Testing

@Suite("OpenAI: what the client sends")
struct OpenAIRequestBodyTests {
    @Test("GPT image generations: exactly model, prompt, n, size, quality high, output_format png")
    func gptGenerationsBody() async throws {
        try await OpenAITestSupport.withFake { fake, client in
            let output = try await client.generate(
                GenerationRequest(prompt: "a calm portrait", width: 1024, height: 1536, count: 2)
            ) { _ in }

            let sent = try #require(fake.imageRequests.first)
            #expect(fake.imageRequests.count == 1)
            #expect(sent.method == "POST")
            #expect(sent.path == "/v1/images/generations")
            #expect(sent.headers["authorization"] == "Bearer test-key")
            #expect(sent.headers["content-type"] == "application/json")
            #expect(sent.json == [
                "model": .string("gpt-image-2"), "prompt": .string("a calm portrait"), "n": .int(2),
                "size": .string("1024x1536"), "quality": .string("high"), "output_format": .string("png"),
            ])

            let png = try TestSupport.generatedPNG()
            #expect(output.images.map(\.bytes) == [png, png])
            #expect(output.images.allSatisfy { $0.seed == nil && $0.revisedPrompt == nil })
            #expect(output.model == "gpt-image-2")
            #expect(!output.usedReference)
            #expect(output.parameters == [
                "endpoint": .string("generations"), "n": .int(2), "size": .string("1024x1536"),
                "quality": .string("high"), "output_format": .string("png"),
            ])
        }
    }

    @Test("no GPT image model is ever sent response_format or style", arguments: [
        "gpt-image-2", "gpt-image-2-2026-04-21", "gpt-image-1.5", "gpt-image-1", "gpt-image-1-mini",
    ])
    func gptNeverSendsDallEFields(model: String) async throws {
        try await OpenAITestSupport.withFake { fake, client in
            let reference = ReferenceImage(bytes: try TestSupport.generatedPNG(), format: "png", version: 1)
            _ = try await client.generate(GenerationRequest(prompt: "p", model: model)) { _ in }
            _ = try await client.generate(GenerationRequest(prompt: "p", model: model, reference: reference)) { _ in }

            let sentNames = fake.imageRequests.flatMap { Array($0.json?.keys ?? [:].keys) + ($0.multipart ?? []).map(\.name) }
            #expect(fake.imageRequests.map(\.model) == [model, model])
            #expect(!sentNames.contains("response_format"))
            #expect(!sentNames.contains("style"))
        }
    }

    @Test("dall-e-3: n 1, quality hd, style natural, response_format b64_json; count 3 makes 3 calls")
    func dallE3Body() async throws {
        try await OpenAITestSupport.withFake(configure: { $0.model = "dall-e-3" }) { fake, client in
            let progress = OpenAIProgressLog()
            let output = try await client.generate(GenerationRequest(prompt: "a lighthouse", count: 3)) {
                progress.append($0)
            }

            #expect(fake.imageRequests.count == 3)
            for sent in fake.imageRequests {
                #expect(sent.path == "/v1/images/generations")
                #expect(sent.json == [
                    "model": .string("dall-e-3"), "prompt": .string("a lighthouse"), "n": .int(1),
                    "size": .string("1024x1024"), "quality": .string("hd"), "style": .string("natural"),
                    "response_format": .string("b64_json"),
                ])
            }
            #expect(output.images.count == 3)
            #expect(output.images.allSatisfy { $0.revisedPrompt == "A detailed, natural rendering of: a lighthouse" })
            #expect(output.images.allSatisfy { $0.seed == nil })
            #expect(output.model == "dall-e-3")
            #expect(output.parameters == [
                "endpoint": .string("generations"), "n": .int(1), "requests": .int(3), "size": .string("1024x1024"),
                "quality": .string("hd"), "style": .string("natural"), "response_format": .string("b64_json"),
            ])
            #expect(progress.values == [1.0 / 3, 2.0 / 3, 1.0])
        }
    }

    @Test("dall-e has no edits: a reference is not sent and usedReference is false")
    func dallEIgnoresReference() async throws {
        try await OpenAITestSupport.withFake { fake, client in
            let reference = ReferenceImage(bytes: Data([1, 2, 3]), format: "png", version: 2)
            let output = try await client.generate(
                GenerationRequest(prompt: "p", model: "dall-e-3", reference: reference)) { _ in }

            #expect(fake.imageRequests.map(\.path) == ["/v1/images/generations"])
            #expect(!output.usedReference)
            #expect(output.parameters["reference_ignored"] == .bool(true))
        }
    }

    @Test("GPT with a reference: multipart edits with image[], input_fidelity high")
    func editsMultipart() async throws {
        try await OpenAITestSupport.withFake { fake, client in
            let referenceBytes = try TestSupport.generatedPNG() + Data("jpeg-ish tail".utf8)
            let reference = ReferenceImage(bytes: referenceBytes, format: "jpeg", version: 4)
            let output = try await client.generate(
                GenerationRequest(prompt: "same face, smiling", count: 2, reference: reference)) { _ in }

            let sent = try #require(fake.imageRequests.first)
            #expect(sent.path == "/v1/images/edits")
            #expect(sent.headers["content-type"]?.hasPrefix("multipart/form-data; boundary=") == true)
            let parts = try #require(sent.multipart)
            #expect(parts.map(\.name) == [
                "image[]", "prompt", "model", "n", "size", "quality", "output_format", "input_fidelity",
            ])
            let image = parts[0]
            #expect(image.filename == "reference.jpeg")
            #expect(image.contentType == "image/jpeg")
            #expect(image.body == referenceBytes)
            #expect(sent.formFields == [
                "prompt": "same face, smiling", "model": "gpt-image-2", "n": "2", "size": "1024x1024",
                "quality": "high", "output_format": "png", "input_fidelity": "high",
            ])
            #expect(output.usedReference)
            #expect(output.images.count == 2)
            #expect(output.parameters == [
                "endpoint": .string("edits"), "n": .int(2), "size": .string("1024x1024"), "quality": .string("high"),
                "output_format": .string("png"), "input_fidelity": .string("high"), "reference_version": .int(4),
            ])
        }
    }

    @Test("gpt-image-1-mini edits omit input_fidelity, which it rejects")
    func editsWithoutInputFidelityForMini() async throws {
        try await OpenAITestSupport.withFake(configure: { $0.model = "gpt-image-1-mini" }) { fake, client in
            let reference = ReferenceImage(bytes: try TestSupport.generatedPNG(), format: "png", version: 1)
            let output = try await client.generate(GenerationRequest(prompt: "p", reference: reference)) { _ in }

            let sent = try #require(fake.imageRequests.first)
            #expect(sent.path == "/v1/images/edits")
            #expect(sent.formFields["model"] == "gpt-image-1-mini")
            #expect(sent.formFields["input_fidelity"] == nil)
            #expect(sent.multipart?.first?.contentType == "image/png")
            #expect(output.usedReference)
            #expect(output.parameters["input_fidelity"] == nil)
        }
    }

    @Test("a negative prompt is appended as Avoid: and recorded; a blank one is not")
    func negativePromptAppended() async throws {
        try await OpenAITestSupport.withFake { fake, client in
            let output = try await client.generate(
                GenerationRequest(prompt: "a portrait", negativePrompt: "blurry, text")) { _ in }
            _ = try await client.generate(GenerationRequest(prompt: "plain", negativePrompt: "  ")) { _ in }

            let prompts = fake.imageRequests.map { $0.json?["prompt"]?.string }
            #expect(prompts == ["a portrait\n\nAvoid: blurry, text", "plain"])
            #expect(output.parameters["negative_prompt"] == .string("blurry, text"))
            #expect(output.parameters["negative_prompt_handling"] != nil)
        }
    }

    @Test("listModels answers the configured model without a network call")
    func listModelsIsLocal() async throws {
        try await OpenAITestSupport.withFake(configure: { $0.model = "gpt-image-1.5" }) { fake, client in
            let models = try await client.listModels()
            #expect(models == ["gpt-image-1.5"])
            #expect(fake.requests.count == 0)
            #expect(client.engine == .openai)
        }
    }

    @Test("configuration: defaults, trailing slashes trimmed, environment variables")
    func configuration() {
        let defaults = OpenAIImagesClient.Configuration(apiKey: "k")
        #expect(defaults.baseURL == "https://api.openai.com/v1")
        #expect(defaults.model == "gpt-image-2")
        #expect(defaults.timeout == .seconds(180))
        #expect(defaults.maxAttempts == 5)
        #expect(defaults.initialBackoff == .milliseconds(500))
        #expect(defaults.maxBackoff == .seconds(8))
        #expect(OpenAIImagesClient.Configuration(apiKey: "k", baseURL: "http://h/v1//").baseURL == "http://h/v1")

    }
}

/// Progress values in the order they arrived.
final class OpenAIProgressLog: @unchecked Sendable {
    private let lock = NSLock()
    private var storage: [Double] = []

    func append(_ value: Double) {
        lock.withLock { storage.append(value) }
    }

    var values: [Double] { lock.withLock { storage } }
}
