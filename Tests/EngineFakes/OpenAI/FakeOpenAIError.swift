import Foundation
import Vapor

/// OpenAI's error answer: `{"error": {"message", "type", "param", "code"}}`, nulls included.
struct FakeOpenAIError: Error, Encodable {
    var status: Int
    var message: String
    var type: String
    var param: String?
    var code: String?
    var retryAfter: String?

    init(status: Int, message: String, type: String = "invalid_request_error", param: String? = nil,
         code: String? = nil, retryAfter: String? = nil) {
        self.status = status
        self.message = message
        self.type = type
        self.param = param
        self.code = code
        self.retryAfter = retryAfter
    }

    static func invalidAPIKey(_ presented: String?) -> Self {
        guard let presented else {
            return Self(status: 401, message: "You didn't provide an API key. You need to provide your API key in an Authorization header using Bearer auth (i.e. Authorization: Bearer YOUR_KEY).", code: "invalid_api_key")
        }
        return Self(status: 401, message: "Incorrect API key provided: \(presented.prefix(6))****. You can find your API key at https://platform.openai.com/account/api-keys.", code: "invalid_api_key")
    }

    static func unknownParameter(_ name: String) -> Self {
        Self(status: 400, message: "Unknown parameter: '\(name)'.", param: name, code: "unknown_parameter")
    }

    static func invalidValue(_ name: String, _ value: String, supported: [String]) -> Self {
        let list = supported.map { "'\($0)'" }.joined(separator: ", ")
        return Self(status: 400, message: "Invalid value: '\(value)'. Supported values are: \(list).", param: name, code: "invalid_value")
    }

    static func missing(_ name: String) -> Self {
        Self(status: 400, message: "Missing required parameter: '\(name)'.", param: name, code: "missing_required_parameter")
    }

    static func modelNotFound(_ model: String) -> Self {
        Self(status: 404, message: "The model `\(model)` does not exist or you do not have access to it.", code: "model_not_found")
    }

    /// A realistic text for a scripted error's code.
    static func scripted(status: Int, code: String?, message: String?, type: String?, param: String?, retryAfter: String?) -> Self {
        let defaultText: String = switch code {
        case "rate_limit_exceeded": "Rate limit reached for images per minute. Please try again later."
        case "insufficient_quota": "You exceeded your current quota, please check your plan and billing details."
        case "moderation_blocked": "Your request was rejected by the safety system."
        case "content_policy_violation": "Your request was rejected as a result of our safety system."
        case "invalid_api_key": "Incorrect API key provided."
        default: status >= 500 ? "The server had an error while processing your request. Sorry about that!" : "Bad request."
        }
        let defaultType: String = switch (status, code) {
        case (429, "insufficient_quota"): "insufficient_quota"
        case (429, _): "requests"
        case (500..., _): "server_error"
        default: "invalid_request_error"
        }
        return Self(status: status, message: message ?? defaultText, type: type ?? defaultType, param: param,
                    code: code, retryAfter: retryAfter)
    }

    var response: Response {
        var headers: HTTPHeaders = ["Content-Type": "application/json"]
        if let retryAfter { headers.add(name: "Retry-After", value: retryAfter) }
        let body = (try? FakeJSON.pythonStyleEncoder.encode(self)) ?? Data()
        return Response(status: HTTPResponseStatus(statusCode: status), headers: headers, body: .init(data: body))
    }

    private enum OuterKeys: String, CodingKey { case error }
    private enum InnerKeys: String, CodingKey { case message, type, param, code }

    func encode(to encoder: any Encoder) throws {
        var outer = encoder.container(keyedBy: OuterKeys.self)
        var inner = outer.nestedContainer(keyedBy: InnerKeys.self, forKey: .error)
        try inner.encode(message, forKey: .message)
        try inner.encode(type, forKey: .type)
        try inner.encode(param, forKey: .param)
        try inner.encode(code, forKey: .code)
    }
}
