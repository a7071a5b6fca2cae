package io.certfleet.renewal.adapter.out;

import io.fabric8.kubernetes.client.server.mock.KubernetesCrudDispatcher;
import io.fabric8.kubernetes.client.server.mock.KubernetesMockServer;
import io.fabric8.mockwebserver.Context;
import io.fabric8.mockwebserver.MockWebServer;
import io.fabric8.mockwebserver.dsl.HttpMethod;
import io.fabric8.mockwebserver.http.Dispatcher;
import io.fabric8.mockwebserver.http.MockResponse;
import io.fabric8.mockwebserver.http.RecordedRequest;
import java.util.HashMap;
import java.util.List;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * The Fabric8 mock server in CRUD mode, plus the CSR {@code approval} subresource (which CRUD mode does not know): an
 * approval's PUT is stored like a status update, as the real API server does with the conditions it carries.
 */
final class CsrMockApi {
    private CsrMockApi() {}

    static KubernetesMockServer start() {
        KubernetesMockServer server = new KubernetesMockServer(
                new Context(),
                new MockWebServer(),
                new HashMap<>(),
                new ApprovalSubresource(new KubernetesCrudDispatcher(List.of())),
                false);
        server.init();
        return server;
    }

    private static final class ApprovalSubresource extends Dispatcher {
        private static final Pattern APPROVAL =
                Pattern.compile("(/apis/certificates\\.k8s\\.io/v1/certificatesigningrequests/[^/]+)/approval");
        private final Dispatcher crud;

        ApprovalSubresource(Dispatcher crud) {
            this.crud = crud;
        }

        @Override
        public MockResponse dispatch(RecordedRequest request) {
            Matcher approval = APPROVAL.matcher(request.getPath());
            if (request.method() == HttpMethod.PUT && approval.matches()) {
                return crud.dispatch(new RecordedRequest(
                        request.getHttpVersion(),
                        HttpMethod.PUT,
                        approval.group(1) + "/status",
                        request.getHeaders(),
                        request.getBody()));
            }
            return crud.dispatch(request);
        }
    }
}
