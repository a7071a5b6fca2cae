package io.certfleet.fleetsim;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.fabric8.mockwebserver.dsl.HttpMethod;
import io.fabric8.mockwebserver.http.Buffer;
import io.fabric8.mockwebserver.http.Dispatcher;
import io.fabric8.mockwebserver.http.MockResponse;
import io.fabric8.mockwebserver.http.RecordedRequest;
import java.io.IOException;
import java.net.URLDecoder;
import java.net.URLEncoder;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.Iterator;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * Adds to the Fabric8 CRUD mock what draining a node needs and the mock lacks: listing pods with
 * the field selector {@code spec.nodeName=<node>} (the mock only knows name and namespace fields),
 * and the {@code pods/<name>/eviction} subresource, which honours PodDisruptionBudgets as the API
 * server does: 429 TooManyRequests when a matching budget allows no disruption, otherwise the pod
 * is deleted and 201 returned. Also the CertificateSigningRequest {@code approval} subresource (a PUT stored like a
 * status update, as the API server stores the conditions it carries), which CSR approvers use. Everything else goes to
 * the wrapped dispatcher unchanged.
 */
final class PodAwareDispatcher extends Dispatcher {

    private static final Pattern EVICTION = Pattern.compile("/api/v1/namespaces/([^/]+)/pods/([^/]+)/eviction");
    private static final Pattern CSR_APPROVAL =
            Pattern.compile("(/apis/certificates\\.k8s\\.io/v1/certificatesigningrequests/[^/]+)/approval");
    private static final Pattern POD_LIST = Pattern.compile("/api/v1(/namespaces/[^/]+)?/pods");
    private static final Pattern NODE_NAME_FIELD = Pattern.compile("spec\\.nodeName==?(.+)");

    private final Dispatcher delegate;
    private final ObjectMapper json = new ObjectMapper();

    PodAwareDispatcher(Dispatcher delegate) {
        this.delegate = delegate;
    }

    @Override
    public MockResponse dispatch(RecordedRequest request) {
        String path = request.getPath();
        int queryStart = path.indexOf('?');
        String plainPath = queryStart < 0 ? path : path.substring(0, queryStart);
        String query = queryStart < 0 ? "" : path.substring(queryStart + 1);
        try {
            Matcher eviction = EVICTION.matcher(plainPath);
            if (request.method() == HttpMethod.POST && eviction.matches()) {
                return evict(request, eviction.group(1), eviction.group(2));
            }
            Matcher approval = CSR_APPROVAL.matcher(plainPath);
            if (request.method() == HttpMethod.PUT && approval.matches()) {
                return delegate.dispatch(new RecordedRequest(
                        request.getHttpVersion(),
                        HttpMethod.PUT,
                        approval.group(1) + "/status",
                        request.getHeaders(),
                        request.getBody()));
            }
            if (request.method() == HttpMethod.GET
                    && POD_LIST.matcher(plainPath).matches()) {
                Optional<MockResponse> filtered = listOnNode(request, plainPath, query);
                if (filtered.isPresent()) {
                    return filtered.get();
                }
            }
        } catch (IOException e) {
            return status(500, "InternalError", "simulated API: " + e.getMessage());
        }
        return delegate.dispatch(request);
    }

    private Optional<MockResponse> listOnNode(RecordedRequest request, String plainPath, String query)
            throws IOException {
        Map<String, String> parameters = new java.util.LinkedHashMap<>();
        for (String pair : query.split("&")) {
            if (pair.isEmpty()) {
                continue;
            }
            int eq = pair.indexOf('=');
            String key = URLDecoder.decode(eq < 0 ? pair : pair.substring(0, eq), StandardCharsets.UTF_8);
            String value = eq < 0 ? "" : URLDecoder.decode(pair.substring(eq + 1), StandardCharsets.UTF_8);
            parameters.put(key, value);
        }
        String selector = parameters.get("fieldSelector");
        if (selector == null || "true".equals(parameters.get("watch"))) {
            return Optional.empty();
        }
        String nodeName = null;
        List<String> rest = new ArrayList<>();
        for (String requirement : selector.split(",")) {
            Matcher node = NODE_NAME_FIELD.matcher(requirement.trim());
            if (node.matches()) {
                nodeName = node.group(1);
            } else {
                rest.add(requirement);
            }
        }
        if (nodeName == null) {
            return Optional.empty();
        }
        if (rest.isEmpty()) {
            parameters.remove("fieldSelector");
        } else {
            parameters.put("fieldSelector", String.join(",", rest));
        }
        StringBuilder forwarded = new StringBuilder(plainPath);
        char separator = '?';
        for (Map.Entry<String, String> parameter : parameters.entrySet()) {
            forwarded
                    .append(separator)
                    .append(URLEncoder.encode(parameter.getKey(), StandardCharsets.UTF_8))
                    .append('=')
                    .append(URLEncoder.encode(parameter.getValue(), StandardCharsets.UTF_8));
            separator = '&';
        }
        MockResponse all = delegate.dispatch(forward(request, HttpMethod.GET, forwarded.toString()));
        if (all.code() != 200) {
            return Optional.of(all);
        }
        JsonNode list = json.readTree(all.getBody().getBytes());
        ArrayNode items = (ArrayNode) list.path("items");
        Iterator<JsonNode> iterator = items.iterator();
        while (iterator.hasNext()) {
            if (!nodeName.equals(iterator.next().path("spec").path("nodeName").asText())) {
                iterator.remove();
            }
        }
        return Optional.of(new MockResponse()
                .setResponseCode(200)
                .setHeader("Content-Type", "application/json")
                .setBody(json.writeValueAsString(list)));
    }

    private MockResponse evict(RecordedRequest request, String namespace, String name) throws IOException {
        String podPath = "/api/v1/namespaces/" + namespace + "/pods/" + name;
        MockResponse pod = delegate.dispatch(forward(request, HttpMethod.GET, podPath));
        if (pod.code() != 200) {
            return pod;
        }
        JsonNode podLabels =
                json.readTree(pod.getBody().getBytes()).path("metadata").path("labels");
        MockResponse budgets = delegate.dispatch(
                forward(request, HttpMethod.GET, "/apis/policy/v1/namespaces/" + namespace + "/poddisruptionbudgets"));
        if (budgets.code() == 200) {
            for (JsonNode budget : json.readTree(budgets.getBody().getBytes()).path("items")) {
                if (selects(budget.path("spec").path("selector"), podLabels)
                        && budget.path("status").path("disruptionsAllowed").asInt(0) < 1) {
                    return status(
                            429,
                            "TooManyRequests",
                            "Cannot evict pod as it would violate the pod's disruption budget.");
                }
            }
        }
        delegate.dispatch(forward(request, HttpMethod.DELETE, podPath));
        return status(201, "", "");
    }

    private static boolean selects(JsonNode selector, JsonNode labels) {
        JsonNode matchLabels = selector.path("matchLabels");
        if (!selector.path("matchExpressions").isMissingNode() || !matchLabels.isObject() || matchLabels.isEmpty()) {
            // only equality selectors are simulated; anything else is treated as not matching
            return false;
        }
        Iterator<Map.Entry<String, JsonNode>> fields = matchLabels.fields();
        while (fields.hasNext()) {
            Map.Entry<String, JsonNode> field = fields.next();
            if (!field.getValue().asText().equals(labels.path(field.getKey()).asText(null))) {
                return false;
            }
        }
        return true;
    }

    private MockResponse status(int code, String reason, String message) {
        ObjectNode status = json.createObjectNode();
        status.put("apiVersion", "v1");
        status.put("kind", "Status");
        status.put("status", code < 300 ? "Success" : "Failure");
        if (!message.isEmpty()) {
            status.put("message", message);
        }
        if (!reason.isEmpty()) {
            status.put("reason", reason);
        }
        status.put("code", code);
        return new MockResponse()
                .setResponseCode(code)
                .setHeader("Content-Type", "application/json")
                .setBody(status.toString());
    }

    private static RecordedRequest forward(RecordedRequest original, HttpMethod method, String path) {
        return new RecordedRequest(original.getHttpVersion(), method, path, original.getHeaders(), new Buffer());
    }

    @Override
    public void shutdown() {
        delegate.shutdown();
    }

    @Override
    public void releaseResources() {
        delegate.releaseResources();
    }
}
