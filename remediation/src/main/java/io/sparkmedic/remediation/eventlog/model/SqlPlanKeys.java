package io.sparkmedic.remediation.eventlog.model;

import java.util.ArrayList;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Set;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * The joins and aggregations of a SQL execution's physical plan, read from the formatted plan Spark
 * logs ({@code physicalPlanDescription}), and which of them a stage runs.
 *
 * <p>The plan's node details look like {@code (9) SortMergeJoin [codegen id : 5]} followed by
 * {@code Left keys [1]: [key#2L]} and {@code Right keys [1]: [key#8L]}, or {@code Keys [1]:
 * [key#2L]} for an aggregation. A stage's RDD scopes name the codegen stages ({@code
 * WholeStageCodegen (5)}) and the operators outside codegen ({@code ObjectHashAggregate}) it runs;
 * that links a stage to its operators.
 */
final class SqlPlanKeys {

  private static final Pattern NODE =
      Pattern.compile("^\\((\\d+)\\) (\\S+)(?: [^\\[]*)?(?: \\[codegen id : (\\d+)])?\\s*$");
  private static final Pattern CODEGEN_SCOPE = Pattern.compile("WholeStageCodegen \\((\\d+)\\)");
  private static final Pattern KEYS =
      Pattern.compile("^(Left keys|Right keys|Keys) \\[\\d+]: \\[(.*)]$");
  private static final Pattern EXPRESSION_ID = Pattern.compile("#\\d+L?");

  /** One operator with keys, as the plan's details list it. */
  record Node(String name, int codegenId, List<String> keys, List<String> otherKeys) {}

  private final List<Node> nodes;

  private SqlPlanKeys(List<Node> nodes) {
    this.nodes = nodes;
  }

  static SqlPlanKeys parse(String planDescription) {
    List<Node> nodes = new ArrayList<>();
    if (planDescription == null) {
      return new SqlPlanKeys(nodes);
    }
    String name = null;
    int codegen = -1;
    List<String> left = List.of();
    List<String> right = List.of();
    for (String line : planDescription.split("\n")) {
      Matcher node = NODE.matcher(line);
      if (node.matches()) {
        add(nodes, name, codegen, left, right);
        name = node.group(2);
        codegen = node.group(3) == null ? -1 : Integer.parseInt(node.group(3));
        left = List.of();
        right = List.of();
        continue;
      }
      Matcher keys = KEYS.matcher(line);
      if (name != null && keys.matches()) {
        List<String> k = splitKeys(keys.group(2));
        if ("Right keys".equals(keys.group(1))) {
          right = k;
        } else {
          left = k;
        }
      }
    }
    add(nodes, name, codegen, left, right);
    return new SqlPlanKeys(nodes);
  }

  private static void add(
      List<Node> nodes, String name, int codegen, List<String> left, List<String> right) {
    if (name != null && !left.isEmpty()) {
      nodes.add(new Node(name, codegen, left, right));
    }
  }

  /** Top-level comma-separated keys, expression ids dropped: "key#2L, cast(a#3 as int)". */
  private static List<String> splitKeys(String text) {
    List<String> out = new ArrayList<>();
    int depth = 0;
    int start = 0;
    for (int i = 0; i < text.length(); i++) {
      char c = text.charAt(i);
      if (c == '(' || c == '[') {
        depth++;
      } else if (c == ')' || c == ']') {
        depth--;
      } else if (c == ',' && depth == 0) {
        out.add(clean(text.substring(start, i)));
        start = i + 1;
      }
    }
    if (start < text.length()) {
      out.add(clean(text.substring(start)));
    }
    out.removeIf(String::isEmpty);
    return out;
  }

  private static String clean(String key) {
    return EXPRESSION_ID.matcher(key.trim()).replaceAll("");
  }

  /** The operators a stage with these RDD scope names runs, without duplicates. */
  List<PlanOperator> operatorsOf(List<String> scopeNames) {
    Set<Integer> codegenIds = new LinkedHashSet<>();
    Set<String> plainNames = new LinkedHashSet<>();
    for (String scope : scopeNames) {
      Matcher m = CODEGEN_SCOPE.matcher(scope);
      if (m.matches()) {
        codegenIds.add(Integer.parseInt(m.group(1)));
      } else {
        plainNames.add(scope);
      }
    }
    Set<PlanOperator> out = new LinkedHashSet<>();
    for (Node n : nodes) {
      boolean inCodegen = n.codegenId() >= 0 && codegenIds.contains(n.codegenId());
      boolean byName = n.codegenId() < 0 && plainNames.contains(baseName(n.name()));
      if (inCodegen || byName) {
        out.add(new PlanOperator(n.name(), n.keys(), n.otherKeys()));
      }
    }
    return List.copyOf(out);
  }

  /** {@code SortMergeJoin(skew=true)} runs in a scope named {@code SortMergeJoin}. */
  private static String baseName(String name) {
    int paren = name.indexOf('(');
    return paren < 0 ? name : name.substring(0, paren);
  }
}
