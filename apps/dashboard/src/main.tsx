import { StrictMode } from "react";
import { createRoot } from "react-dom/client";
import { App } from "./app.tsx";
import "./styles/base.css";
import "./styles/components-controls.css";
import "./styles/components-content.css";
import "./styles/pages-projects.css";
import "./styles/pages-live.css";
import "./styles/pages-events.css";
import "./styles/pages-people.css";

const root = document.getElementById("root");
if (!root) throw new Error("index.html has no #root element");
createRoot(root).render(
  <StrictMode>
    <App />
  </StrictMode>,
);
