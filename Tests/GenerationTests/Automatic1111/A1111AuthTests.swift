import EngineFakes
import Foundation
import Generation
import Testing

@Suite struct A1111AuthTests {
    static let credentials = (user: "alice", password: "s3cret:x")
    static let header = "Basic " + Data("alice:s3cret:x".utf8).base64EncodedString()

    @Test func configuredCredentialsGoOnEveryCall() async throws {
        try await A1111TestHarness.withFake(controlNetModels: [], credentials: Self.credentials, configure: {
            $0.username = "alice"
            $0.password = "s3cret:x"
        }) { fake, client in
            let title = try await client.listModels()[0]
            _ = try await client.generate(A1111TestHarness.request(
                model: title, reference: try A1111TestHarness.reference())) { _ in }
            #expect(fake.requests.count >= 3)
            #expect(fake.requests.allSatisfy { $0.authorization == Self.header })
        }
    }

    @Test func credentialsInTheURLAreUsedAndNeverShown() async throws {
        try await A1111TestHarness.withFake(credentials: Self.credentials) { fake, _ in
            let port = try #require(URL(string: fake.baseURL)?.port)
            try await TestSupport.withHTTPClient { httpClient in
                let client = Automatic1111Client(
                    configuration: A1111TestHarness.configuration(baseURL: "http://alice:s3cret%3Ax@127.0.0.1:\(port)/"),
                    httpClient: httpClient)
                #expect(client.baseURL == "http://127.0.0.1:\(port)")
                _ = try await client.listModels()
                #expect(fake.requests.last?.authorization == Self.header)
            }
        }
    }

    @Test func missingOrWrongCredentialsFailWith401AndTheEnginesText() async throws {
        try await A1111TestHarness.withFake(credentials: Self.credentials) { fake, client in
            let missing = await #expect(throws: GenerationError.self) { try await client.listModels() }
            #expect(missing == .failed(engine: .automatic1111, status: 401, message: "Not authenticated"))
            let missingOnGenerate = await #expect(throws: GenerationError.self) {
                try await client.generate(A1111TestHarness.request(model: nil)) { _ in }
            }
            #expect(missingOnGenerate == .failed(engine: .automatic1111, status: 401, message: "Not authenticated"))

            var wrong = A1111TestHarness.configuration(baseURL: fake.baseURL)
            wrong.username = "alice"
            wrong.password = "guess"
            try await TestSupport.withHTTPClient { httpClient in
                let wrongClient = Automatic1111Client(configuration: wrong, httpClient: httpClient)
                let refused = await #expect(throws: GenerationError.self) { try await wrongClient.listModels() }
                #expect(refused == .failed(engine: .automatic1111, status: 401, message: "Incorrect username or password"))
                #expect(!(refused?.description.contains("guess") ?? true))
            }
        }
    }
}
