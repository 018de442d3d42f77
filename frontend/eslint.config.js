import js from "@eslint/js";
import tseslint from "typescript-eslint";

export default tseslint.config(
  { ignores: ["dist", "node_modules"] },
  js.configs.recommended,
  ...tseslint.configs.recommended,
  {
    // The canvas engine stays framework-free: React talks to it through the facade.
    files: ["src/editor/**/*.ts"],
    rules: {
      "no-restricted-imports": [
        "error",
        { patterns: [{ group: ["react", "react-dom", "react/*", "react-dom/*"], message: "src/editor imports no React" }] },
      ],
    },
  },
);
