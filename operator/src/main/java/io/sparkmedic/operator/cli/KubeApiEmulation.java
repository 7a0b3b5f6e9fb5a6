package io.sparkmedic.operator.cli;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.fabric8.mockwebserver.http.Buffer;
import io.fabric8.mockwebserver.http.Dispatcher;
import io.fabric8.mockwebserver.http.MockResponse;
import io.fabric8.mockwebserver.http.RecordedRequest;
import java.io.IOException;
import java.net.URLDecoder;
import java.net.URLEncoder;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.regex.Pattern;

/**
 * What fabric8's mock API server lacks of kube-apiserver that Sparkmedic relies on, added in front
 * of its CRUD dispatcher:
 *
 * <ul>
 *   <li>lists that ask for {@code limit} come one page at a time with a {@code continue} token (the
 *       mock sends everything); not emulated: a consistent snapshot across pages;
 *   <li>Event lists filter by {@code involvedObject.*} field selectors (the mock matches none of
 *       them, and so answers nothing).
 * </ul>
 *
 * Watches pass through unchanged.
 */
public final class KubeApiEmulation {

  private static final ObjectMapper JSON = new ObjectMapper();
  private static final Pattern EVENT_LIST =
      Pattern.compile("^/api/v1/(namespaces/[^/]+/)?events(\\?.*)?$");
  private static final String INVOLVED = "involvedObject.";

  private KubeApiEmulation() {}

  /** The CRUD dispatcher with paged lists and Event field selectors. */
  public static Dispatcher around(Dispatcher crud) {
    return new Dispatcher() {
      @Override
      public MockResponse dispatch(RecordedRequest request) {
        return KubeApiEmulation.dispatch(crud, request);
      }
    };
  }

  static MockResponse dispatch(Dispatcher crud, RecordedRequest request) {
    if (!"GET".equals(request.getMethod())) {
      return crud.dispatch(request);
    }
    Map<String, String> query = query(request.getPath());
    if (query.containsKey("watch") && !"false".equals(query.get("watch"))) {
      return crud.dispatch(request);
    }
    String path = request.getPath();
    String base = path.contains("?") ? path.substring(0, path.indexOf('?')) : path;
    Map<String, String> involved = new LinkedHashMap<>();
    if (EVENT_LIST.matcher(path).matches() && query.containsKey("fieldSelector")) {
      List<String> kept = new ArrayList<>();
      for (String term : query.get("fieldSelector").split(",")) {
        int eq = term.indexOf('=');
        if (term.startsWith(INVOLVED) && eq > 0 && !term.contains("!=")) {
          involved.put(
              term.substring(INVOLVED.length(), eq), term.substring(eq + 1).replace("==", ""));
        } else {
          kept.add(term);
        }
      }
      if (kept.isEmpty()) {
        query.remove("fieldSelector");
      } else {
        query.put("fieldSelector", String.join(",", kept));
      }
    }
    String limit = query.remove("limit");
    String token = query.remove("continue");
    if (involved.isEmpty() && limit == null) {
      return crud.dispatch(request);
    }
    MockResponse response =
        crud.dispatch(
            new RecordedRequest(
                request.getHttpVersion(),
                request.method(),
                base + encode(query),
                request.getHeaders(),
                request.getBody() == null ? new Buffer() : request.getBody()));
    if (response.code() != 200) {
      return response;
    }
    try {
      JsonNode parsed = JSON.readTree(response.getBody().readUtf8());
      if (!(parsed instanceof ObjectNode list) || !(list.get("items") instanceof ArrayNode items)) {
        return response.setBody(JSON.writeValueAsString(parsed));
      }
      ArrayNode matching = JSON.createArrayNode();
      for (JsonNode item : items) {
        if (involves(item, involved)) {
          matching.add(item);
        }
      }
      ObjectNode meta =
          list.get("metadata") instanceof ObjectNode m ? m : list.putObject("metadata");
      ArrayNode page = matching;
      meta.remove("continue");
      meta.remove("remainingItemCount");
      int size = limit == null ? 0 : Integer.parseInt(limit);
      if (size > 0) {
        int offset = token == null || token.isEmpty() ? 0 : Integer.parseInt(token);
        page = JSON.createArrayNode();
        for (int i = offset; i < Math.min(matching.size(), offset + size); i++) {
          page.add(matching.get(i));
        }
        if (offset + size < matching.size()) {
          meta.put("continue", Integer.toString(offset + size));
          meta.put("remainingItemCount", matching.size() - offset - size);
        }
      }
      list.set("items", page);
      return response.setBody(JSON.writeValueAsString(list));
    } catch (IOException | NumberFormatException e) {
      return new MockResponse()
          .setResponseCode(400)
          .setBody("{\"kind\":\"Status\",\"status\":\"Failure\",\"message\":\"" + e + "\"}");
    }
  }

  private static boolean involves(JsonNode event, Map<String, String> involved) {
    JsonNode object = event.path("involvedObject");
    for (Map.Entry<String, String> term : involved.entrySet()) {
      if (!term.getValue().equals(object.path(term.getKey()).asText(""))) {
        return false;
      }
    }
    return true;
  }

  /** The query of a request path, decoded, in order. */
  static Map<String, String> query(String path) {
    Map<String, String> out = new LinkedHashMap<>();
    int q = path.indexOf('?');
    if (q < 0) {
      return out;
    }
    for (String pair : path.substring(q + 1).split("&")) {
      if (pair.isEmpty()) {
        continue;
      }
      int eq = pair.indexOf('=');
      out.put(
          URLDecoder.decode(eq < 0 ? pair : pair.substring(0, eq), StandardCharsets.UTF_8),
          eq < 0 ? "" : URLDecoder.decode(pair.substring(eq + 1), StandardCharsets.UTF_8));
    }
    return out;
  }

  private static String encode(Map<String, String> query) {
    if (query.isEmpty()) {
      return "";
    }
    List<String> pairs = new ArrayList<>();
    query.forEach(
        (k, v) ->
            pairs.add(
                URLEncoder.encode(k, StandardCharsets.UTF_8)
                    + "="
                    + URLEncoder.encode(v, StandardCharsets.UTF_8)));
    return "?" + String.join("&", pairs);
  }
}
