package dev.berth.agent.network;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Makes Berth's traffic survive a host where Docker runs. Docker sets the policy of iptables' FORWARD chain to DROP
 * and loads br_netfilter, which passes even bridged traffic through that chain. An accept in Berth's own nftables
 * table cannot overrule a drop in another table, so Berth adds two accept rules to that chain itself, for its bridges
 * only ({@code berth+}): traffic from containers, and replies or published-port traffic to them. Berth's own table
 * still decides (a drop there is final). Nothing of Docker's is changed, and where there is no iptables these rules are
 * not needed.
 */
final class ForwardRules {
    private static final Logger log = LoggerFactory.getLogger(ForwardRules.class);
    private static final List<String> SEARCH_PATH = List.of("/usr/sbin/iptables", "/sbin/iptables");
    static final List<List<String>> RULES = List.of(
            List.of("-i", "berth+", "-j", "ACCEPT"),
            List.of("-o", "berth+", "-m", "conntrack", "--ctstate", "RELATED,ESTABLISHED,DNAT", "-j", "ACCEPT"));

    private ForwardRules() {}

    static void ensure() {
        Optional<String> iptables = SEARCH_PATH.stream().filter(p -> Files.isExecutable(Path.of(p))).findFirst();
        if (iptables.isEmpty()) {
            log.debug("no iptables on this host; no FORWARD rules needed");
            return;
        }
        for (List<String> rule : RULES.reversed()) {
            if (run(iptables.get(), "-C", rule) != 0) {
                int status = run(iptables.get(), "-I", rule);
                if (status != 0) {
                    log.warn("could not add the iptables FORWARD rule {}; with Docker's DROP policy, containers "
                            + "may not reach each other", String.join(" ", rule));
                }
            }
        }
    }

    private static int run(String iptables, String action, List<String> rule) {
        List<String> command = new ArrayList<>(List.of(iptables, "-w", "5", action, "FORWARD"));
        command.addAll(rule);
        try {
            Process process = new ProcessBuilder(command).redirectErrorStream(true).start();
            String output = new String(process.getInputStream().readAllBytes(), StandardCharsets.UTF_8).strip();
            int status = process.waitFor();
            if (status != 0 && action.equals("-I")) {
                log.warn("{}: {}", String.join(" ", command), output);
            }
            return status;
        } catch (IOException e) {
            log.warn("cannot run {}: {}", iptables, e.toString());
            return -1;
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            return -1;
        }
    }
}
