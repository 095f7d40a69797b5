package githubrunner.cloudinit;

import com.hubspot.jinjava.Jinjava;
import com.hubspot.jinjava.JinjavaConfig;
import com.hubspot.jinjava.interpret.RenderResult;
import com.hubspot.jinjava.interpret.TemplateError;
import java.util.Map;
import java.util.stream.Collectors;

/**
 * jinjava set up for scripts: an undefined variable is an error, not an empty string; a value is
 * never rendered again as a template (a pre-job script holding {@code {{ jit_config }}} stays that
 * text); block tags leave no blank lines behind.
 */
final class TemplateEngine {
    private final Jinjava jinjava;

    TemplateEngine() {
        jinjava = new Jinjava(JinjavaConfig.newBuilder()
                .withFailOnUnknownTokens(true)
                .withNestedInterpretationEnabled(false)
                .withTrimBlocks(true)
                .withLstripBlocks(true)
                .withKeepTrailingNewline(true)
                .build());
        jinjava.getGlobalContext().registerFilter(new ShellQuote.SqFilter());
    }

    /**
     * Renders {@code template} (named {@code name} in errors). Any template error fails: jinjava
     * reports them in the result rather than throwing.
     */
    String render(String name, String template, Map<String, ?> variables) throws UserDataException {
        RenderResult result = jinjava.renderForResult(template, variables);
        if (!result.getErrors().isEmpty()) {
            // Reason and message only: they name tokens and lines, not the values of variables.
            String errors = result.getErrors().stream().map(TemplateEngine::describe).collect(Collectors.joining("; "));
            throw new UserDataException("Cannot render template " + name + ": " + errors);
        }
        return result.getOutput();
    }

    private static String describe(TemplateError error) {
        return "line " + error.getLineno() + ": " + error.getMessage();
    }
}
