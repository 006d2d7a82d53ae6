package io.keywatch.sim;

import io.keywatch.core.Messages;

/**
 * The harmless stand-in the demo starts instead of the real nursing app (移动护理.exe): it prints
 * one line with the arguments it got and exits, which proves the launch gate passed an argument list.
 */
public final class NursingAppStandIn {
    private NursingAppStandIn() {
    }

    public static void main(String[] args) {
        String language = System.getProperty("keywatch.language", "auto");
        System.out.println(Messages.forLanguage(language).get("demo.standIn", String.join(" ", args)));
    }
}
